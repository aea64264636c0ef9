import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GalenStore, openCorpusStore } from "../store/index.ts";
import type { CommonOptions } from "./common-options.ts";

export interface EvalStore {
  store: GalenStore;
  /** How the store ranks, for the report: the two engines score BM25 each their own way. */
  ranking: "sqlite-fts5-bm25" | "postgres-tsvector-bm25";
  close(): Promise<void>;
}

/**
 * The store an evaluation runs on: the PostgreSQL database of --database-url or the SQLite file of --db (the
 * corpus is ingested into either; re-ingesting changes nothing), else a throw-away SQLite file deleted afterwards.
 */
export async function openEvalStore(options: CommonOptions, name: string): Promise<EvalStore> {
  if (options.databaseUrl) {
    const store = await openCorpusStore({ databaseUrl: options.databaseUrl });
    return { store, ranking: "postgres-tsvector-bm25", close: () => store.close() };
  }
  const scratch = options.db ? undefined : await mkdtemp(join(tmpdir(), `galen-${name}-`));
  const store = await openCorpusStore({ db: options.db ?? join(scratch ?? "", "corpus.db") });
  return {
    store,
    ranking: "sqlite-fts5-bm25",
    async close() {
      await store.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}
