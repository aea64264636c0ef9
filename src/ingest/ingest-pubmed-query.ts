import type { CorpusStore } from "../store/corpus-store.ts";
import { queryPubmed } from "./eutilities.ts";
import { type IngestOptions, type IngestSummary, writeRecords } from "./ingest-sources.ts";
import { prepareRecords } from "./source-record.ts";

export interface PubmedQueryIngestOptions extends IngestOptions {
  max: number;
  apiKey?: string;
  baseUrl?: string;
}

/** Ingests the results of a live PubMed search (NCBI E-utilities); re-running it updates what changed. */
export async function ingestPubmedQuery(
  store: CorpusStore,
  query: string,
  options: PubmedQueryIngestOptions,
): Promise<IngestSummary & { matched: number }> {
  const started = performance.now();
  let matched = 0;
  let fetching = 0;
  const source = `PubMed: ${query}`;
  const written = await writeRecords(
    store,
    prepareRecords(
      queryPubmed(query, {
        max: options.max,
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onSearch: (found) => {
          matched = found.count;
          fetching = found.fetching;
        },
      }),
    ),
    {
      batchSize: options.batchSize ?? 1000,
      ...(options.signal ? { signal: options.signal } : {}),
      onBatch: (records, outcome) =>
        options.onProgress?.({
          source,
          sourceIndex: 0,
          sourceCount: 1,
          done: records,
          total: fetching,
          unit: "records",
          records,
          outcome,
          elapsedMs: performance.now() - started,
        }),
    },
  );
  return {
    matched,
    sources: [
      {
        path: source,
        format: "pubmed-eutilities",
        status: written.interrupted ? "interrupted" : "ingested",
        records: written.records,
        resumedAfter: 0,
        outcome: written.outcome,
      },
    ],
    outcome: written.outcome,
    elapsedMs: performance.now() - started,
    interrupted: written.interrupted,
  };
}
