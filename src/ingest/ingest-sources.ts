import type { EvidenceDocument } from "../evidence/index.ts";
import type { BatchOutcome, CorpusStore } from "../store/corpus-store.ts";
import { assertReadableFile, fileChecksum, type ReadProgress, readTextChunks } from "./source-file.ts";
import { readerFor, type SourcePlan } from "./source-format.ts";
import type { SourceRecord } from "./source-record.ts";

export interface IngestOptions {
  /** Documents per transaction: a crash loses at most the batch in flight. */
  batchSize?: number;
  /** Re-read files even when the same bytes were ingested whole before. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestProgress {
  source: string;
  sourceIndex: number;
  sourceCount: number;
  bytesRead: number;
  bytesTotal: number;
  records: number;
  outcome: BatchOutcome;
}

export interface SourceSummary {
  path: string;
  format: string;
  status: "ingested" | "skipped-unchanged" | "interrupted";
  records: number;
  resumedAfter: number;
  outcome: BatchOutcome;
}

export interface IngestSummary {
  sources: SourceSummary[];
  outcome: BatchOutcome;
  elapsedMs: number;
  interrupted: boolean;
}

export function emptyOutcome(): BatchOutcome {
  return { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
}

export function addOutcome(total: BatchOutcome, part: BatchOutcome): void {
  total.inserted += part.inserted;
  total.updated += part.updated;
  total.unchanged += part.unchanged;
  total.deleted += part.deleted;
}

/** Ingests files in order, each one batch-by-batch with a checkpoint, skipping files already ingested whole. */
export async function ingestSources(
  store: CorpusStore,
  plans: readonly SourcePlan[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const started = performance.now();
  const summary: IngestSummary = { sources: [], outcome: emptyOutcome(), elapsedMs: 0, interrupted: false };
  for (const [index, plan] of plans.entries()) {
    const result = await ingestFile(store, plan, index, plans.length, options);
    summary.sources.push(result);
    addOutcome(summary.outcome, result.outcome);
    if (result.status === "interrupted") {
      summary.interrupted = true;
      break;
    }
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

async function ingestFile(
  store: CorpusStore,
  plan: SourcePlan,
  sourceIndex: number,
  sourceCount: number,
  options: IngestOptions,
): Promise<SourceSummary> {
  const bytesTotal = await assertReadableFile(plan.path);
  const checksum = await fileChecksum(plan.path);
  const previous = await store.sourceCheckpoint(checksum);
  const result: SourceSummary = {
    path: plan.path,
    format: plan.format,
    status: "ingested",
    records: 0,
    resumedAfter: 0,
    outcome: emptyOutcome(),
  };
  if (previous?.complete && !options.force) {
    result.status = "skipped-unchanged";
    return result;
  }
  const resumeAfter = previous && !previous.complete ? previous.recordsDone : 0;
  result.resumedAfter = resumeAfter;
  const read: ReadProgress = { bytesRead: 0 };
  const report = () =>
    options.onProgress?.({
      source: plan.path,
      sourceIndex,
      sourceCount,
      bytesRead: read.bytesRead,
      bytesTotal,
      records: result.records,
      outcome: result.outcome,
    });
  const batchSize = options.batchSize ?? 1000;
  let upserts: EvidenceDocument[] = [];
  let deletions: string[] = [];
  const flush = async (complete: boolean) => {
    const checkpoint = {
      checksum,
      path: plan.path,
      format: plan.format,
      recordsDone: result.records,
      complete,
    };
    addOutcome(result.outcome, await store.writeBatch({ upserts, deletions, checkpoint }));
    upserts = [];
    deletions = [];
    report();
  };
  const records: AsyncGenerator<SourceRecord> = readerFor(plan)(readTextChunks(plan.path, read));
  for await (const record of records) {
    if (options.signal?.aborted) {
      result.status = "interrupted";
      return result;
    }
    result.records++;
    if (result.records <= resumeAfter) continue;
    if (record.kind === "document") upserts.push(record.document);
    else deletions.push(...record.ids);
    if (upserts.length + deletions.length >= batchSize) await flush(false);
  }
  await flush(true);
  return result;
}
