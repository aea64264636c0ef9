import { Worker } from "node:worker_threads";
import { GalenError } from "../galen-error.ts";
import type { ReadProgress } from "./source-file.ts";
import { readSourceFile, type SourcePlan } from "./source-format.ts";
import { type PreparedRecord, prepareRecords } from "./source-record.ts";
import type { MainToWorker, WorkerToMain } from "./worker-messages.ts";

/** Below this size a worker thread costs more to start than it saves. */
const IN_THREAD_BYTES = 1024 * 1024;

/**
 * The records of one source file, prepared for the store. Large files are parsed in a worker thread so that
 * parsing and database writes use both cores; small ones in this thread.
 */
export function readSource(
  plan: SourcePlan,
  progress: ReadProgress,
  fileBytes: number,
): AsyncGenerator<PreparedRecord> {
  return fileBytes < IN_THREAD_BYTES
    ? prepareRecords(readSourceFile(plan, progress))
    : readInWorker(plan, progress);
}

/** Stopping early (an error in the consumer, an interrupt) terminates the worker. */
async function* readInWorker(plan: SourcePlan, progress: ReadProgress): AsyncGenerator<PreparedRecord> {
  const worker = new Worker(new URL("./source-worker-entry.mjs", import.meta.url), {
    workerData: { module: new URL("./source-worker.ts", import.meta.url).href, plan },
    // A reader holds one citation and a few batches; a small heap keeps ingest's peak memory low.
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
  });
  const inbox: WorkerToMain[] = [];
  let notify: (() => void) | undefined;
  const deliver = (message: WorkerToMain) => {
    inbox.push(message);
    notify?.();
  };
  worker.on("message", deliver);
  worker.on("error", (error) => deliver({ type: "error", message: error.message, userFacing: false }));
  worker.on("exit", (code) => {
    if (code !== 0)
      deliver({ type: "error", message: `the reader thread stopped (exit code ${code})`, userFacing: false });
  });
  try {
    while (true) {
      const message = inbox.shift() ?? (await nextMessage(inbox, (resolve) => (notify = resolve)));
      if (message.type === "done") return;
      if (message.type === "error") throw workerError(message);
      progress.bytesRead = message.bytesRead;
      worker.postMessage({ type: "credit" } satisfies MainToWorker);
      yield* message.records;
    }
  } finally {
    await worker.terminate();
  }
}

async function nextMessage(
  inbox: WorkerToMain[],
  wait: (resolve: () => void) => void,
): Promise<WorkerToMain> {
  while (inbox.length === 0) await new Promise<void>(wait);
  return inbox.shift() as WorkerToMain;
}

function workerError(message: Extract<WorkerToMain, { type: "error" }>): Error {
  if (message.userFacing) return new GalenError(message.message);
  const error = new Error(message.message);
  if (message.stack) error.stack = message.stack;
  return error;
}
