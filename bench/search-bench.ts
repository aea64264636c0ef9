import type { SearchIndexWarmUp } from "../src/store/corpus-store.ts";
import { type CorpusStore, openCorpusStore, type StoreLocation } from "../src/store/index.ts";
import { type QueryTiming, timeAnswers, timeQueries } from "./measure.ts";
import { step } from "./progress.ts";
import {
  CORPUS_SEED,
  type CorpusBuild,
  loadQueries,
  loadSourceAbstracts,
  WRITE_BATCH,
  writeSyntheticCorpus,
} from "./search-corpus.ts";
import type { SharedData } from "./shared-data.ts";

export interface SearchFigures {
  /** What store.stats() reports after the build, not what was asked for. */
  documentsInStore: number;
  databaseBytes: number;
  build: {
    sourceAbstracts: number;
    documents: number;
    batchSize: number;
    seed: number;
    elapsedMs: number;
    /** The search index's optimization after writing (as `galen ingest` runs it after a bulk load). */
    optimizeMs: number;
    documentsPerSecond: number;
    /** The writing rate over each tenth of the build, in order. */
    stretches: CorpusBuild["stretches"];
  };
  queries: { scifactClaims: number; pubmedQaQuestions: number; warmup: number; k: number };
  /** The store's search index read into memory before the timed passes (undefined where the store keeps none). */
  indexWarmUp?: SearchIndexWarmUp & { ms: number };
  withSnippets: QueryTiming;
  withoutSnippets: QueryTiming;
  /**
   * SQLite: without snippets on a store just opened, its index not read into memory first (each word read when a
   * query first needs it). PostgreSQL keeps no index of its own in memory.
   */
  withoutWarmUp?: QueryTiming;
  /** `galen ask` with the extractive composer on the first PubMedQA questions ("no hits": insufficient answers). */
  ask: QueryTiming;
}

export const SEARCH_TARGETS = { p50Ms: 5, p95Ms: 20 };
export const ASK_TARGETS = { p95Ms: 300 };

/** Answers take ~20 times a search; 200 questions keep the pass near a minute at 100,000 documents. */
const ASK_QUESTIONS = 200;
const ASK_WARMUP = 10;

const K = 10;
const WARMUP = 50;

/** Builds the search corpus in a store (a SQLite file, or PostgreSQL) and times searches and answers on it. */
export async function benchSearch(
  data: SharedData,
  documents: number,
  location: StoreLocation,
  queryLimit?: number,
): Promise<SearchFigures> {
  const sources = await loadSourceAbstracts(data);
  const writing = await openCorpusStore(location);
  const progress = step("build search corpus", documents, "documents");
  let build: Awaited<ReturnType<typeof writeSyntheticCorpus>>;
  try {
    build = await writeSyntheticCorpus(writing, sources, documents, (done) => progress.update(done));
  } finally {
    await writing.close();
  }
  const perSecond = build.documents / (build.elapsedMs / 1000);
  progress.finish(`${build.documents.toLocaleString("en-US")} written, ${Math.round(perSecond)} docs/s`);
  const queries = await loadQueries(data, queryLimit);
  const all = [...queries.scifact, ...queries.pubmedQa];
  // Reopened as the CLI would find it: WAL checkpointed, nothing of the build left in memory.
  const withoutWarmUp = location.databaseUrl ? undefined : await timedColdPass(location, all);
  const store = await openCorpusStore(location);
  try {
    const stats = await store.stats();
    const indexWarmUp = await warmIndex(store);
    return {
      documentsInStore: stats.documents,
      databaseBytes: stats.sizeBytes,
      build: {
        sourceAbstracts: sources.length,
        documents: build.documents,
        batchSize: WRITE_BATCH,
        seed: CORPUS_SEED,
        elapsedMs: build.elapsedMs,
        optimizeMs: build.optimizeMs,
        documentsPerSecond: perSecond,
        stretches: build.stretches,
      },
      queries: {
        scifactClaims: queries.scifact.length,
        pubmedQaQuestions: queries.pubmedQa.length,
        warmup: WARMUP,
        k: K,
      },
      ...(indexWarmUp ? { indexWarmUp } : {}),
      withSnippets: await timedPass(store, all, true, "search with snippets"),
      withoutSnippets: await timedPass(store, all, false, "search without snippets"),
      ...(withoutWarmUp ? { withoutWarmUp } : {}),
      ask: await timedAsk(store, queries.pubmedQa.slice(0, ASK_QUESTIONS)),
    };
  } finally {
    await store.close();
  }
}

async function timedColdPass(location: StoreLocation, queries: readonly string[]): Promise<QueryTiming> {
  const store = await openCorpusStore(location);
  try {
    return await timedPass(store, queries, false, "search without snippets, no warm-up");
  } finally {
    await store.close();
  }
}

/** Reads the search index into memory as `galen serve` does at start, timed. */
async function warmIndex(store: CorpusStore): Promise<(SearchIndexWarmUp & { ms: number }) | undefined> {
  const progress = step("read search index into memory", 1, "store");
  const started = performance.now();
  const warmed = await store.warmSearchIndex();
  const ms = performance.now() - started;
  progress.finish(
    warmed
      ? `${warmed.words} words, ${Math.round(warmed.bytes / 2 ** 20)} MB in ${ms.toFixed(0)} ms`
      : "none kept",
  );
  return warmed ? { ...warmed, ms } : undefined;
}

async function timedPass(
  store: CorpusStore,
  queries: readonly string[],
  snippets: boolean,
  label: string,
): Promise<QueryTiming> {
  const progress = step(label, queries.length, "queries");
  const timing = await timeQueries(store, queries, { k: K, snippets, warmup: WARMUP }, (done) =>
    progress.update(done),
  );
  const { p50, p95 } = timing.latencyMs;
  progress.finish(`p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`);
  return timing;
}

async function timedAsk(store: CorpusStore, questions: readonly string[]): Promise<QueryTiming> {
  const progress = step("ask (extractive)", questions.length, "questions");
  const timing = await timeAnswers(store, questions, ASK_WARMUP, (done) => progress.update(done));
  const { p50, p95 } = timing.latencyMs;
  progress.finish(`p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
  return timing;
}
