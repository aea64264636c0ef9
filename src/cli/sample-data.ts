import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type IngestSummary, ingestSources } from "../ingest/ingest-sources.ts";
import { planSources } from "../ingest/source-format.ts";
import type { CorpusStore } from "../store/index.ts";
import { progressReporter } from "./progress-reporter.ts";

/** The public sample data next to a development checkout; users point GALEN_SAMPLE_DATA elsewhere. */
const DEFAULT_SAMPLE_DATA = fileURLToPath(new URL("../../../shared/data/", import.meta.url));
const SAMPLE_SOURCES = ["pubmed-xml", "pubmedqa/ori_pqal.json", "scifact"];

/**
 * Ingests the sample corpora when they are present (a development checkout, or GALEN_SAMPLE_DATA); re-running is
 * cheap, as files ingested whole are skipped. Returns where they came from and what was loaded, or undefined.
 */
export async function loadSampleCorpora(
  store: CorpusStore,
  quiet: boolean,
): Promise<{ from: string; summary: IngestSummary } | undefined> {
  const from = process.env.GALEN_SAMPLE_DATA ?? DEFAULT_SAMPLE_DATA;
  const sources = SAMPLE_SOURCES.map((source) => `${from}${source}`).filter((path) => existsSync(path));
  if (sources.length === 0) return undefined;
  const progress = progressReporter(process.stderr, quiet);
  const summary = await ingestSources(store, await planSources(sources), {
    onProgress: (update) => progress.update(update),
  });
  progress.stop();
  return { from, summary };
}
