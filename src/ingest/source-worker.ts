import { parentPort, workerData } from "node:worker_threads";
import { GalenError } from "../galen-error.ts";
import type { ReadProgress } from "./source-file.ts";
import { readSourceFile, type SourcePlan } from "./source-format.ts";
import { type PreparedRecord, prepareRecord } from "./source-record.ts";
import type { MainToWorker, WorkerToMain } from "./worker-messages.ts";

/**
 * Reads and parses one source file off the main thread, so that parsing and database writes use both cores.
 * Records go back in small batches; at most MAX_IN_FLIGHT batches wait unconsumed, which bounds memory. Small
 * messages matter: a batch being filled outlives the reader's young-generation collections, and 250 records a
 * message had them promoted and swept again; 50 a message (400 in flight instead of 1,000) cut the ingest's CPU by
 * about an eighth (docs/BENCHMARKS.md, 2026-12-07).
 */
const RECORDS_PER_MESSAGE = 50;
const MAX_IN_FLIGHT = 8;

const port = parentPort;
if (!port) throw new Error("source-worker must run in a worker thread");
const { plan } = workerData as { plan: SourcePlan };

let credits = MAX_IN_FLIGHT;
let wakeUp: (() => void) | undefined;
port.on("message", (message: MainToWorker) => {
  if (message.type === "credit") {
    credits++;
    wakeUp?.();
  }
});

function send(message: WorkerToMain): void {
  port?.postMessage(message);
}

async function waitForCredit(): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wakeUp = resolve));
  credits--;
}

async function run(): Promise<void> {
  const progress: ReadProgress = { bytesRead: 0 };
  let batch: PreparedRecord[] = [];
  try {
    for await (const record of readSourceFile(plan, progress)) {
      batch.push(prepareRecord(record));
      if (batch.length >= RECORDS_PER_MESSAGE) {
        await waitForCredit();
        send({ type: "records", records: batch, bytesRead: progress.bytesRead });
        batch = [];
      }
    }
  } catch (error) {
    // The records read before a malformed spot still go out, so that the complete batches among them are
    // stored and the checkpoint lets a re-run resume after them.
    if (batch.length > 0) send({ type: "records", records: batch, bytesRead: progress.bytesRead });
    throw error;
  }
  await waitForCredit();
  send({ type: "records", records: batch, bytesRead: progress.bytesRead });
  send({ type: "done" });
}

run().catch((error: unknown) => {
  send({
    type: "error",
    message: error instanceof Error ? error.message : String(error),
    userFacing: error instanceof GalenError,
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  });
});
