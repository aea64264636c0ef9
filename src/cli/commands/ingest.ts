import { type Command, Option } from "commander";
import { GalenError } from "../../galen-error.ts";
import { type IngestSummary, ingestSources } from "../../ingest/ingest-sources.ts";
import { planSources, SOURCE_FORMATS, type SourceFormat } from "../../ingest/source-format.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, printJson, storeLocation, withCommonOptions } from "../common-options.ts";
import { interruptSignal } from "../interrupt.ts";
import { progressReporter } from "../progress-reporter.ts";
import { positiveInteger } from "./search.ts";

interface IngestCommandOptions extends CommonOptions {
  format?: SourceFormat;
  batchSize: number;
  force?: boolean;
  quiet?: boolean;
}

export function ingestCommand(program: Command): void {
  withCommonOptions(
    program
      .command("ingest")
      .description(
        "load evidence: PubMed/MEDLINE XML (.xml, .xml.gz), BEIR folders, Galen JSONL, PubMedQA JSON",
      )
      .argument("<paths...>", "files or folders to read")
      .addOption(new Option("--format <format>", "read every path as this format").choices(SOURCE_FORMATS))
      .option("--batch-size <n>", "documents per transaction", positiveInteger, 1000)
      .option("--force", "re-read files that were already ingested whole")
      .option("-q, --quiet", "no progress output"),
  ).action(async (paths: string[], options: IngestCommandOptions) => {
    const plans = await planSources(paths, options.format);
    const store = await openCorpusStore(storeLocation(options));
    const progress = progressReporter(process.stderr, options.quiet === true || options.json === true);
    const interrupt = interruptSignal();
    let summary: IngestSummary;
    try {
      summary = await ingestSources(store, plans, {
        batchSize: options.batchSize,
        force: options.force === true,
        signal: interrupt.signal,
        onProgress: (update) => progress.update(update),
      });
    } finally {
      progress.stop();
      interrupt.dispose();
      await store.close();
    }
    if (options.json) printJson(summary);
    else process.stdout.write(`${describeSummary(summary)}\n`);
    if (summary.interrupted) {
      throw new GalenError(
        "Interrupted: complete batches are saved. Run the same command again to resume.",
        130,
      );
    }
  });
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
  return lines.join("\n");
}
