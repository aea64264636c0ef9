import type { PreparedRecord } from "./source-record.ts";

export type WorkerToMain =
  | { type: "records"; records: PreparedRecord[]; bytesRead: number }
  | { type: "done" }
  | { type: "error"; message: string; userFacing: boolean; stack?: string };

export type MainToWorker = { type: "credit" };
