import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { readBeirQrels, readBeirQueries, runBeirQueries, writeTrecRun } from "../../eval/index.ts";
import { GalenError } from "../../galen-error.ts";
import { ingestSources } from "../../ingest/ingest-sources.ts";
import { planSources } from "../../ingest/source-format.ts";
import { DEFAULT_FIELD_WEIGHTS, openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, printJson, withCommonOptions } from "../common-options.ts";
import { progressReporter } from "../progress-reporter.ts";
import { positiveInteger } from "./search.ts";

interface BeirCommandOptions extends CommonOptions {
  split: string;
  k: number;
  runOut?: string;
}

export function evalCommand(program: Command): void {
  const evaluate = program.command("eval").description("measure retrieval quality on standard benchmarks");
  withCommonOptions(
    evaluate
      .command("beir")
      .description(
        "ingest a BEIR folder's corpus, run its judged queries, print nDCG@10, Recall@k and MRR@10",
      )
      .argument("<folder>", "BEIR folder with corpus.jsonl, queries.jsonl and qrels/<split>.tsv")
      .option("--split <name>", "which qrels file to evaluate", "test")
      .option(
        "-k, --k <n>",
        "documents retrieved per query (Recall is measured at this depth)",
        positiveInteger,
        100,
      )
      .option("--run-out <file>", "also write the ranking as a TREC run file"),
  )
    .addHelpText(
      "after",
      "\nWithout --db the corpus goes into a throw-away database that is deleted afterwards.\n" +
        "Example: galen eval beir ../shared/data/scifact --split train",
    )
    .action(async (folder: string, options: BeirCommandOptions) => {
      if (options.databaseUrl)
        throw new GalenError("eval beir runs on SQLite only in this version; drop --database-url.", 2);
      const [plan] = await planSources([folder], "beir");
      if (plan?.format !== "beir") throw new GalenError(`${folder}: not a BEIR folder (no corpus.jsonl).`);
      const queries = await readBeirQueries(folder);
      const qrels = await readBeirQrels(folder, options.split);
      const scratch = options.db ? undefined : await mkdtemp(join(tmpdir(), "galen-eval-"));
      const store = await openCorpusStore({ db: options.db ?? join(scratch ?? "", "corpus.db") });
      try {
        const progress = progressReporter(process.stderr, options.json === true);
        await ingestSources(store, [plan], { onProgress: (update) => progress.update(update) });
        progress.stop();
        const started = performance.now();
        const result = await runBeirQueries(store, queries, qrels, {
          k: options.k,
          idPrefix: `${plan.source}:`,
        });
        const seconds = (performance.now() - started) / 1000;
        if (options.runOut) await writeTrecRun(options.runOut, result.run, "galen-bm25");
        const { evaluation } = result;
        const report = {
          dataset: folder,
          split: options.split,
          queries: evaluation.queries,
          settings: {
            ranking: "sqlite-fts5-bm25",
            fieldWeights: DEFAULT_FIELD_WEIGHTS,
            stopWords: "dropped",
            k: options.k,
          },
          metrics: {
            [`ndcg@${evaluation.ndcgK}`]: evaluation.ndcg,
            [`recall@${evaluation.recallK}`]: evaluation.recall,
            [`mrr@${evaluation.mrrK}`]: evaluation.mrr,
          },
          secondsForQueries: seconds,
          ...(options.runOut ? { runFile: options.runOut } : {}),
        };
        if (options.json) return printJson(report);
        const lines = [
          `BEIR ${folder} (${options.split}): ${evaluation.queries} queries`,
          `  settings: ${report.settings.ranking}, field weights ${JSON.stringify(DEFAULT_FIELD_WEIGHTS)}, stop words dropped, k=${options.k}`,
          ...Object.entries(report.metrics).map(
            ([name, value]) => `  ${name.padEnd(11)} ${value.toFixed(4)}`,
          ),
          `  ${((seconds * 1000) / Math.max(1, evaluation.queries)).toFixed(1)} ms per query`,
          ...(options.runOut ? [`Run file: ${options.runOut}`] : []),
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
      } finally {
        await store.close();
        if (scratch) rmSync(scratch, { recursive: true, force: true });
      }
    });
}
