import { type Command, Option } from "commander";
import type { LivingEvidenceFinding } from "../../editorial/living-evidence.ts";
import { GalenError } from "../../galen-error.ts";
import { ingestPubmedQuery } from "../../ingest/ingest-pubmed-query.ts";
import {
  addOutcome,
  DEFAULT_BATCH_SIZE,
  type IngestProgress,
  type IngestSummary,
  ingestSources,
  optimizeAfterBulkLoad,
} from "../../ingest/ingest-sources.ts";
import { planSources, SOURCE_FORMATS, type SourceFormat } from "../../ingest/source-format.ts";
import { type GalenStore, openCorpusStore } from "../../store/index.ts";
import type { UpkeepKind } from "../../store/job-queue.ts";
import {
  type CommonOptions,
  positiveInteger,
  printJson,
  storeLocation,
  withCommonOptions,
} from "../common-options.ts";
import { interruptSignal } from "../interrupt.ts";
import { openJobQueue, sharedDatabase } from "../job-queue-options.ts";
import { progressReporter } from "../progress-reporter.ts";

interface IngestCommandOptions extends CommonOptions {
  pubmed?: string;
  max: number;
  format?: SourceFormat;
  batchSize: number;
  force?: boolean;
  quiet?: boolean;
  livingEvidence: boolean;
  queue?: boolean;
}

export function ingestCommand(program: Command): void {
  withCommonOptions(
    program
      .command("ingest")
      .description(
        "load evidence: PubMed/MEDLINE XML (.xml, .xml.gz), BEIR folders, Galen JSONL, PubMedQA JSON",
      )
      .argument("[paths...]", "files or folders to read")
      .option(
        "--pubmed <query>",
        "fetch a live PubMed search through NCBI E-utilities (NCBI_API_KEY is used when set)",
      )
      .option("--max <n>", "with --pubmed: at most this many records", positiveInteger, 1000)
      .addOption(new Option("--format <format>", "read every path as this format").choices(SOURCE_FORMATS))
      .option("--batch-size <n>", "documents per transaction", positiveInteger, DEFAULT_BATCH_SIZE)
      .option("--force", "re-read files that were already ingested whole")
      .option("-q, --quiet", "no progress output")
      .option(
        "--no-living-evidence",
        "do not check approved articles for new evidence after the ingest (they are checked by default)",
      )
      .option(
        "--queue",
        "hand the upkeep after the ingest (living evidence; vectors for new documents once the store holds some) to `galen worker` processes",
      ),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  galen ingest pubmed24n0001.xml.gz\n  galen ingest ./beir/scifact\n" +
        '  galen ingest --pubmed "spondylolysis treatment" --max 500',
    )
    .action(async (paths: string[], options: IngestCommandOptions) => {
      if (paths.length === 0 && !options.pubmed) {
        throw new GalenError('Nothing to ingest: give files or folders, or --pubmed "<query>".', 2);
      }
      if (options.queue) sharedDatabase(options.databaseUrl, "galen ingest --queue");
      const plans = await planSources(paths, options.format);
      const store = await openCorpusStore(storeLocation(options));
      const progress = progressReporter(process.stderr, options.quiet === true || options.json === true);
      const interrupt = interruptSignal();
      let summary: IngestSummary;
      let renewed: LivingEvidenceFinding[] = [];
      let queued: UpkeepKind[] = [];
      try {
        const common = {
          batchSize: options.batchSize,
          force: options.force === true,
          signal: interrupt.signal,
          onProgress: (update: IngestProgress) => progress.update(update),
        };
        // With a PubMed query to follow, the index is optimized once, after both.
        summary = await ingestSources(store, plans, { ...common, optimize: !options.pubmed });
        if (options.pubmed && !summary.interrupted) {
          const fromPubmed = await ingestPubmedQuery(store, options.pubmed, {
            ...common,
            max: options.max,
            ...(process.env.NCBI_API_KEY ? { apiKey: process.env.NCBI_API_KEY } : {}),
            ...(process.env.GALEN_EUTILS_URL ? { baseUrl: process.env.GALEN_EUTILS_URL } : {}),
          });
          summary = mergeSummaries(summary, fromPubmed);
          const optimizeMs = summary.interrupted
            ? undefined
            : await optimizeAfterBulkLoad(store, summary.outcome);
          if (optimizeMs !== undefined)
            summary = { ...summary, optimizeMs, elapsedMs: summary.elapsedMs + optimizeMs };
        }
        if (options.queue) queued = await scheduleUpkeep(store, summary, options);
        else if (options.livingEvidence !== false) renewed = await livingEvidenceAfter(store, summary);
      } finally {
        progress.stop();
        interrupt.dispose();
        await store.close();
      }
      if (options.json) printJson({ ...summary, livingEvidence: renewed.map(findingJson), queued });
      else {
        const lines = [describeSummary(summary), ...describeFindings(renewed)];
        if (queued.length > 0) lines.push(`Handed to the workers: ${queued.join(", ")}.`);
        process.stdout.write(`${lines.join("\n")}\n`);
      }
      if (summary.interrupted) {
        throw new GalenError(
          "Interrupted: complete batches are saved. Run the same command again to resume.",
          130,
        );
      }
    });
}

/**
 * After an ingest that changed the corpus, approved articles with new evidence go back to the board. The check
 * (and the search it needs) loads only when there are approved articles to check.
 */
async function livingEvidenceAfter(
  store: GalenStore,
  summary: IngestSummary,
): Promise<LivingEvidenceFinding[]> {
  if (summary.interrupted || summary.outcome.inserted + summary.outcome.updated === 0) return [];
  if ((await store.listArticles({ published: true, limit: 1 })).length === 0) return [];
  const { checkLivingEvidence } = await import("../../editorial/living-evidence.ts");
  return checkLivingEvidence(store);
}

/**
 * With --queue, the upkeep an ingest calls for goes to the workers: the living-evidence check when there are
 * approved articles, and vectors for the new documents when the store already holds some. Returns what was asked.
 */
async function scheduleUpkeep(
  store: GalenStore,
  summary: IngestSummary,
  options: IngestCommandOptions,
): Promise<UpkeepKind[]> {
  if (summary.interrupted || summary.outcome.inserted + summary.outcome.updated === 0) return [];
  const wanted: UpkeepKind[] = [];
  if (
    options.livingEvidence !== false &&
    (await store.listArticles({ published: true, limit: 1 })).length > 0
  )
    wanted.push("living-evidence");
  if ((await store.embeddingModel()) !== undefined) wanted.push("embed");
  if (wanted.length === 0) return [];
  const queue = await openJobQueue(options.databaseUrl, "galen ingest --queue");
  try {
    for (const kind of wanted) await queue.schedule(kind);
  } finally {
    await queue.stop();
  }
  return wanted;
}

function findingJson({ article, evidence }: LivingEvidenceFinding) {
  return { articleId: article.id, question: article.question, status: article.status, ...evidence };
}

function describeFindings(findings: readonly LivingEvidenceFinding[]): string[] {
  if (findings.length === 0) return [];
  return [
    `Living evidence: ${findings.length} approved article${findings.length === 1 ? " has" : "s have"} new evidence and ${findings.length === 1 ? "is" : "are"} back in the review queue:`,
    ...findings.map(
      ({ article, evidence }) =>
        `  ${article.id} "${article.question}": ${evidence.documents.length} new, ${evidence.retracted.length} cited source(s) retracted`,
    ),
  ];
}

function mergeSummaries(first: IngestSummary, second: IngestSummary): IngestSummary {
  const outcome = { ...first.outcome };
  addOutcome(outcome, second.outcome);
  return {
    sources: [...first.sources, ...second.sources],
    outcome,
    elapsedMs: first.elapsedMs + second.elapsedMs,
    interrupted: second.interrupted,
  };
}

export function describeSummary(summary: IngestSummary): string {
  const lines = summary.sources.map((source) => {
    if (source.status === "skipped-unchanged")
      return `  ${source.path}: already ingested, unchanged (use --force to re-read)`;
    const resumed = source.resumedAfter > 0 ? `, resumed after record ${source.resumedAfter}` : "";
    return `  ${source.path}: ${source.records} records${resumed}`;
  });
  const { inserted, updated, unchanged, deleted } = summary.outcome;
  const seconds = summary.elapsedMs / 1000;
  const written = inserted + updated + unchanged;
  lines.push(
    `Ingested in ${seconds.toFixed(1)} s: ${inserted} new, ${updated} updated, ${unchanged} unchanged, ${deleted} deleted` +
      (seconds > 0 && written > 0 ? ` (${Math.round(written / seconds)} docs/s)` : ""),
  );
  if (summary.optimizeMs !== undefined)
    lines.push(
      `Search index optimized after the bulk load in ${duration(summary.optimizeMs)} (included above).`,
    );
  return lines.join("\n");
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
