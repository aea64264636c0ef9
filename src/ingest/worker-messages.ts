import type { SourceRecord } from "./source-record.ts";

export type WorkerToMain =
  | { type: "records"; records: SourceRecord[]; bytesRead: number }
  | { type: "done" }
  | { type: "error"; message: string; userFacing: boolean; stack?: string };

export type MainToWorker = { type: "credit" };
