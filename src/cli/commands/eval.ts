import { rmSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Command, Option } from "commander";
import {
  type BeirRunResult,
  compareEvaluations,
  type Qrels,
  questionSetAsBeir,
  readBeirQrels,
  readBeirQueries,
  readBioasqBenchmark,
  readQuestionSet,
  runBeirQueries,
  worstQueries,
  writeTrecRun,
} from "../../eval/index.ts";
import { GalenError } from "../../galen-error.ts";
import { ingestSources } from "../../ingest/ingest-sources.ts";
import { planSources, type SourcePlan } from "../../ingest/source-format.ts";
import { RETRIEVAL_PRESET_NAMES, RETRIEVAL_PRESETS, type RetrievalPreset } from "../../search/index.ts";
import { type CorpusStore, DEFAULT_FIELD_WEIGHTS } from "../../store/index.ts";
import { type CommonOptions, positiveInteger, printJson, withCommonOptions } from "../common-options.ts";
import { openEvalStore } from "../eval-store.ts";
import { progressReporter } from "../progress-reporter.ts";
import { answersCommand } from "./eval-answers.ts";
import { pubmedQaCommand } from "./eval-pubmedqa.ts";

interface EvalOptions extends CommonOptions {
  k: number;
  config: RetrievalPreset;
  compare?: RetrievalPreset;
  failures?: number;
  runOut?: string;
}

interface BeirOptions extends EvalOptions {
  split: string;
}

interface QuestionOptions extends EvalOptions {
  corpus?: string[];
}

/** Queries and judgments to evaluate, and the corpus they are judged against. */
interface Benchmark {
  name: string;
  queries: Map<string, string>;
  qrels: Qrels;
  corpus: SourcePlan[];
  /** Prefix removed from document ids before they are compared with the judgments. */
  idPrefix: string;
}

export function evalCommand(program: Command): void {
  const evaluate = program.command("eval").description("measure retrieval quality on benchmarks");
  withEvalOptions(
    evaluate
      .command("beir")
      .description(
        "ingest a BEIR folder's corpus, run its judged queries, print nDCG@10, Recall@k and MRR@10",
      )
      .argument("<folder>", "BEIR folder with corpus.jsonl, queries.jsonl and qrels/<split>.tsv")
      .option("--split <name>", "which qrels file to evaluate", "test"),
  ).action(async (folder: string, options: BeirOptions) => {
    const [plan] = await planSources([folder], "beir");
    if (plan?.format !== "beir") throw new GalenError(`${folder}: not a BEIR folder (no corpus.jsonl).`);
    const benchmark: Benchmark = {
      name: `BEIR ${folder} (${options.split})`,
      queries: await readBeirQueries(folder),
      qrels: await readBeirQrels(folder, options.split),
      corpus: [plan],
      idPrefix: `${plan.source}:`,
    };
    await runEvaluation(benchmark, options);
  });
  withEvalOptions(
    evaluate
      .command("questions")
      .description("run a question set (JSONL: id, question, target document id) and print Recall and MRR")
      .argument("<file>", "question set, e.g. src/eval/data/vocabulary-mismatch.jsonl")
      .option("--corpus <paths...>", "ingest these sources first (otherwise the database as it is)"),
  ).action(async (file: string, options: QuestionOptions) => {
    const { queries, qrels } = questionSetAsBeir(await readQuestionSet(file));
    const corpus = options.corpus ? await planSources(options.corpus) : [];
    if (corpus.length === 0 && !options.db) {
      throw new GalenError(
        "Give the corpus the questions target: --corpus <paths...>, or --db <file> that holds it.",
        2,
      );
    }
    await runEvaluation({ name: file, queries, qrels, corpus, idPrefix: "" }, options);
  });
  withEvalOptions(
    evaluate
      .command("bioasq")
      .description(
        "BioASQ golden sets as a retrieval benchmark over their pooled gold snippets (one document per PMID)",
      )
      .argument(
        "<folder>",
        "folder with BioASQ *_golden.json files, e.g. ../shared/data/mirage/rawdata/bioasq",
      ),
  ).action(async (folder: string, options: EvalOptions) => {
    const { documents, queries, qrels } = await readBioasqBenchmark(folder);
    const scratch = await mkdtemp(join(tmpdir(), "galen-bioasq-"));
    try {
      const corpus = join(scratch, "bioasq-snippets.jsonl");
      await writeFile(corpus, documents.map((document) => JSON.stringify(document)).join("\n"));
      await runEvaluation(
        {
          name: `BioASQ ${folder} (pooled snippets)`,
          queries,
          qrels,
          corpus: [{ path: corpus, format: "jsonl" }],
          idPrefix: "",
        },
        options,
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
  pubmedQaCommand(evaluate);
  answersCommand(evaluate);
}

function withEvalOptions(command: Command): Command {
  return withCommonOptions(
    command
      .option(
        "-k, --k <n>",
        "documents retrieved per query (Recall is measured at this depth)",
        positiveInteger,
        100,
      )
      .addOption(
        new Option("--config <name>", "retrieval configuration to evaluate")
          .choices(RETRIEVAL_PRESET_NAMES)
          .default("galen"),
      )
      .addOption(
        new Option(
          "--compare <name>",
          "also run this configuration and report per-metric deltas with p-values",
        ).choices(RETRIEVAL_PRESET_NAMES),
      )
      .option("--failures <n>", "list the n worst queries with what was retrieved", positiveInteger)
      .option("--run-out <file>", "also write the ranking as a TREC run file"),
  ).addHelpText(
    "after",
    "\nWithout --db the corpus goes into a throw-away database that is deleted afterwards.\n" +
      "Examples:\n  galen eval beir ../shared/data/scifact --split train --compare bm25\n" +
      "  galen eval questions src/eval/data/vocabulary-mismatch.jsonl --corpus ../shared/data/scifact \\\n" +
      "    ../shared/data/pubmedqa/ori_pqal.json ../shared/data/pubmed-xml --compare bm25 --failures 5",
  );
}

async function runEvaluation(benchmark: Benchmark, options: EvalOptions): Promise<void> {
  const { store, ranking, close } = await openEvalStore(options, "eval");
  try {
    if (benchmark.corpus.length > 0) {
      const progress = progressReporter(process.stderr, options.json === true);
      await ingestSources(store, benchmark.corpus, { onProgress: (update) => progress.update(update) });
      progress.stop();
    }
    const run = (preset: RetrievalPreset) => evaluatePreset(store, benchmark, preset, options.k);
    const main = await run(options.config);
    const baseline = options.compare ? await run(options.compare) : undefined;
    if (options.runOut) await writeTrecRun(options.runOut, main.result.run, `galen-${options.config}`);
    const report = {
      benchmark: benchmark.name,
      queries: main.result.evaluation.queries,
      configuration: { name: options.config, ...RETRIEVAL_PRESETS[options.config] },
      // Every document searched, not only the benchmark's: a named store may hold others, which changes the figures.
      store: {
        documents: await store.documentCount(),
        ranking,
        fieldWeights: DEFAULT_FIELD_WEIGHTS,
        stopWords: "dropped",
      },
      k: options.k,
      metrics: metricsOf(main.result),
      msPerQuery: main.msPerQuery,
      ...(baseline && options.compare
        ? {
            comparedWith: { name: options.compare, ...RETRIEVAL_PRESETS[options.compare] },
            comparison: compareEvaluations(baseline.result.evaluation, main.result.evaluation),
          }
        : {}),
      ...(options.failures
        ? { failures: await failures(store, benchmark, main.result, options.failures) }
        : {}),
      ...(options.runOut ? { runFile: options.runOut } : {}),
    };
    if (options.json) return printJson(report);
    process.stdout.write(`${describeReport(report, main.result)}\n`);
  } finally {
    await close();
  }
}

async function evaluatePreset(store: CorpusStore, benchmark: Benchmark, preset: RetrievalPreset, k: number) {
  const started = performance.now();
  const result = await runBeirQueries(store, benchmark.queries, benchmark.qrels, {
    k,
    idPrefix: benchmark.idPrefix,
    search: { settings: RETRIEVAL_PRESETS[preset] },
  });
  return { result, msPerQuery: (performance.now() - started) / Math.max(1, result.evaluation.queries) };
}

function metricsOf({ evaluation }: BeirRunResult): Record<string, number> {
  return {
    [`ndcg@${evaluation.ndcgK}`]: evaluation.ndcg,
    [`recall@${evaluation.recallK}`]: evaluation.recall,
    "recall@10": evaluation.recallAt10,
    [`mrr@${evaluation.mrrK}`]: evaluation.mrr,
  };
}

async function failures(store: CorpusStore, benchmark: Benchmark, result: BeirRunResult, count: number) {
  const worst = worstQueries(result.evaluation, count);
  return Promise.all(
    worst.map(async (queryId) => {
      const relevant = [...(benchmark.qrels.get(queryId) ?? new Map<string, number>())]
        .filter(([, grade]) => grade > 0)
        .map(([id]) => `${benchmark.idPrefix}${id}`);
      const retrieved = (result.run.get(queryId) ?? []).slice(0, 3);
      return {
        queryId,
        query: benchmark.queries.get(queryId) ?? "",
        relevant: await Promise.all(
          relevant.map(async (id) => ({ id, title: (await store.getDocument(id))?.title ?? "" })),
        ),
        retrieved: await Promise.all(
          retrieved.map(async ({ docId }) => {
            const id = `${benchmark.idPrefix}${docId}`;
            return { id, title: (await store.getDocument(id))?.title ?? "" };
          }),
        ),
      };
    }),
  );
}

function describeReport(
  report: {
    benchmark: string;
    queries: number;
    store: { documents: number };
    configuration: { name: string };
    metrics: Record<string, number>;
    msPerQuery: number;
    comparedWith?: { name: string };
    comparison?: ReturnType<typeof compareEvaluations>;
    failures?: Awaited<ReturnType<typeof failures>>;
    runFile?: string;
  },
  result: BeirRunResult,
): string {
  const lines = [
    `${report.benchmark}: ${report.queries} queries over ${report.store.documents.toLocaleString("en-US")} documents, configuration "${report.configuration.name}"`,
    `  settings: ${JSON.stringify(RETRIEVAL_PRESETS[report.configuration.name as RetrievalPreset])}, field weights ${JSON.stringify(DEFAULT_FIELD_WEIGHTS)}`,
    ...Object.entries(report.metrics).map(([name, value]) => `  ${name.padEnd(11)} ${value.toFixed(4)}`),
    `  ${report.msPerQuery.toFixed(1)} ms per query`,
  ];
  if (report.comparison && report.comparedWith) {
    lines.push(`Compared with "${report.comparedWith.name}" (paired randomisation test, 10,000 trials):`);
    for (const row of report.comparison) {
      const sign = row.delta >= 0 ? "+" : "";
      lines.push(
        `  ${row.metric.padEnd(7)} ${row.baseline.toFixed(4)} → ${row.candidate.toFixed(4)}  (${sign}${row.delta.toFixed(4)}, p = ${row.pValue.toFixed(4)})`,
      );
    }
  }
  for (const failure of report.failures ?? []) {
    const scores = result.evaluation.perQuery.find((entry) => entry.queryId === failure.queryId);
    lines.push(`Worst: ${failure.queryId} (nDCG ${scores?.ndcg.toFixed(3)}) "${failure.query}"`);
    for (const doc of failure.relevant) lines.push(`    wanted    ${doc.id}  ${doc.title}`);
    for (const doc of failure.retrieved) lines.push(`    retrieved ${doc.id}  ${doc.title}`);
  }
  if (report.runFile) lines.push(`Run file: ${report.runFile}`);
  return lines.join("\n");
}
