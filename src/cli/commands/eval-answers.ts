import { type Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_MINIMUM_SOURCES, DEFAULT_SOURCE_COUNT } from "../../answer/answer-defaults.ts";
import { RELEVANCE_FLOOR } from "../../answer/relevance-floor.ts";
import {
  type AnswerEvalReport,
  type AnswerFailure,
  type AnswerMetrics,
  type GroupReport,
  HALVES,
  type HalfChoice,
  questionsOfHalf,
  readClinicalQuestions,
  runAnswerEval,
  type Share,
} from "../../eval/answer-eval.ts";
import { GalenError } from "../../galen-error.ts";
import { ingestSources } from "../../ingest/ingest-sources.ts";
import { planSources } from "../../ingest/source-format.ts";
import { openAnswerModel } from "../../model/language-model.ts";
import { type CommonOptions, positiveInteger, printJson, withCommonOptions } from "../common-options.ts";
import { openEvalStore } from "../eval-store.ts";
import { type ModelOptions, modelSettings, withModelOptions } from "../model-options.ts";
import { countProgress, progressReporter } from "../progress-reporter.ts";
import { loadSampleCorpora } from "../sample-data.ts";

interface AnswersOptions extends CommonOptions, ModelOptions {
  corpus?: string[];
  half: HalfChoice;
  failures?: number;
  limit?: number;
  composer: "extractive" | "model";
  sources: number;
  minSources: number;
  relevanceFloor?: number;
}

function shareOf(value: string): number {
  const share = Number(value);
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new InvalidArgumentError(`"${value}" is not a share between 0 and 1 (e.g. 0.6).`);
  }
  return share;
}

/** `galen eval answers`: asks a clinical question set with galen ask and measures the answers against its gold. */
export function answersCommand(evaluate: Command): void {
  withCommonOptions(
    withModelOptions(
      evaluate
        .command("answers")
        .description(
          "ask a clinical question set (JSONL with gold documents) with galen ask and measure the answers",
        )
        .argument("<set.jsonl...>", "question sets, e.g. src/eval/data/clinical-questions-*.jsonl")
        .option(
          "--corpus <paths...>",
          "ingest these sources (into a throw-away database unless --db is given) instead of the sample corpora",
        )
        .addOption(
          new Option("--half <name>", "which questions: the half tuned on, the held-out half, or all")
            .choices([...HALVES, "all"])
            .default("all"),
        )
        .option(
          "--failures <n>",
          "list the first n answerable questions refused or not citing gold, off-corpus questions answered, and statements quoting methods",
          positiveInteger,
        )
        .option("--limit <n>", "ask only the first n questions (after --half)", positiveInteger)
        .option("--sources <n>", "sources read per answer", positiveInteger, DEFAULT_SOURCE_COUNT)
        .option(
          "--relevance-floor <share>",
          `share (0–1) of the question's key concepts a source must name to be on topic (default ${RELEVANCE_FLOOR}); for calibrating it`,
          shareOf,
        )
        .option(
          "--min-sources <n>",
          "on-topic sources an answer needs",
          positiveInteger,
          DEFAULT_MINIMUM_SOURCES,
        )
        .addOption(
          new Option("--composer <name>", "extractive (no model needed), or model")
            .choices(["extractive", "model"])
            .default("extractive"),
        ),
    ),
  )
    .addHelpText(
      "after",
      `
Each line of a set: {"id", "question", "asker": "clinician"|"patient", "kind": "treatment"|"diagnosis"|
"prognosis"|"harm"|"comparison", "gold": [document ids], "situation", "half": "tuning"|"held-out", "checked"?}.
"gold": [] marks a question the corpus does not answer: the right answer then says the evidence is insufficient.
Every question is asked for a physician. Reported per half, overall, by asker and by kind:
  answered          answerable questions (gold given) not refused
  gold retrieved    ... with a gold document among the evidence retrieved
  gold cited        ... answered with a gold document among the references
  gold in BL        ... whose bottom line cites a gold document
  off refused       off-corpus questions refused
  uncited           claim statements without a citation (must be 0)
  methods           claim statements quoting a cited document's methods, objective or design sentence (by its
                    abstract's labels, or by wording where unlabelled)
  median src, ≥2    references per answered answerable question; share with two or more
  p50/p95 ms        time per question

Corpus: --db uses that database as it is; --corpus ingests the sources given (into --db when given, else into a
throw-away database); with neither, the sample corpora (pubmed-xml, pubmedqa/ori_pqal.json and scifact of
GALEN_SAMPLE_DATA, else ../shared/data) go into a throw-away database.

Examples:
  galen eval answers src/eval/data/clinical-questions-*.jsonl --db /tmp/galen-sample.db --failures 5
  galen eval answers my-questions.jsonl --half held-out --json > report.json`,
    )
    .action(async (files: string[], options: AnswersOptions) => {
      const questions = questionsOfHalf(await readClinicalQuestions(files), options.half).slice(
        0,
        options.limit,
      );
      if (questions.length === 0) {
        throw new GalenError(`No ${options.half} questions in ${files.join(", ")}.`, 2);
      }
      const model = options.composer === "model" ? openAnswerModel(modelSettings(options)) : undefined;
      const { modelComposer } = await import("../../answer/model-composer.ts");
      const { store, close } = await openEvalStore(options, "answers");
      try {
        let corpus: string;
        if (options.corpus) {
          const ingest = progressReporter(process.stderr, options.json === true);
          await ingestSources(store, await planSources(options.corpus), {
            onProgress: (update) => ingest.update(update),
          });
          ingest.stop();
          corpus = `${options.corpus.join(", ")} ingested into ${options.db ?? (options.databaseUrl ? "the PostgreSQL database" : "a throw-away database")}`;
        } else if (options.db || options.databaseUrl) {
          corpus = `${options.db ?? "the PostgreSQL database"} as it is`;
        } else {
          const samples = await loadSampleCorpora(store, options.json === true);
          if (samples === undefined) {
            throw new GalenError(
              "No corpus: the sample corpora were not found (set GALEN_SAMPLE_DATA to the folder holding pubmed-xml, pubmedqa and scifact). Give --db <file> or --corpus <paths...>.",
              2,
            );
          }
          corpus = `the sample corpora of ${samples.from} (pubmed-xml, pubmedqa/ori_pqal.json, scifact) in a throw-away database`;
        }
        const documents = await store.documentCount();
        const answering = countProgress(process.stderr, options.json === true, "answering");
        const report = await runAnswerEval(store, questions, {
          sources: options.sources,
          minimumSources: options.minSources,
          ...(options.relevanceFloor !== undefined ? { relevanceFloor: options.relevanceFloor } : {}),
          ...(model ? { composer: modelComposer(model) } : {}),
          ...(options.failures ? { failures: options.failures } : {}),
          onProgress: (done, total) => answering.update(done, total),
        });
        answering.stop();
        const composer = model?.name ?? "the extractive composer";
        const header = { sets: files, half: options.half, corpus, documents, composer };
        if (options.json) return printJson({ ...header, ...report });
        process.stdout.write(`${describe(report, header)}\n`);
      } finally {
        await close();
        await model?.close();
      }
    });
}

interface Header {
  sets: string[];
  half: HalfChoice;
  corpus: string;
  documents: number;
  composer: string;
}

const COLUMNS = [
  ["n", 4],
  ["answerable", 10],
  ["answered", 9],
  ["gold retr.", 10],
  ["gold cited", 10],
  ["gold in BL", 10],
  ["off refused", 11],
  ["uncited", 7],
  ["methods", 7],
  ["median src", 10],
  ["≥2 src", 7],
  ["p50 ms", 7],
  ["p95 ms", 7],
] as const;

function describe(report: AnswerEvalReport, header: Header): string {
  const { overall } = report;
  const lines = [
    `Answer evaluation (${header.half === "all" ? "both halves" : `${header.half} half`}): ${report.questions} questions (${overall.answerable} answerable, ${overall.offCorpus} off-corpus) from ${header.sets.join(", ")}`,
    `  corpus: ${header.corpus}, ${header.documents.toLocaleString("en-US")} documents; answered for a physician by ${header.composer}`,
    "",
    `  ${"".padEnd(12)}${COLUMNS.map(([name, width]) => name.padStart(width)).join(" ")}`,
    row("all", overall),
    ...HALVES.flatMap((half) => {
      const group = report.halves[half];
      return group && header.half === "all" ? [row(half, group)] : [];
    }),
    ...Object.entries(overall.byAsker).map(([asker, metrics]) => row(asker, metrics)),
    ...Object.entries(overall.byKind).map(([kind, metrics]) => row(kind, metrics)),
    "",
    `  claims without a citation: ${overall.claimsWithoutCitation} of ${overall.claims}${overall.claimsWithoutCitation > 0 ? " (must be 0)" : ""}`,
    `  statements quoting a methods, objective or design sentence: ${overall.methodsQuotes} of ${overall.claims} claims`,
  ];
  if (report.goldMissing.length > 0) {
    lines.push(
      `  gold documents not in the store: ${report.goldMissing.length} (${report.goldMissing
        .slice(0, 5)
        .map((missing) => `${missing.id} for ${missing.questions.join(", ")}`)
        .join("; ")}${report.goldMissing.length > 5 ? "; …" : ""})`,
    );
  }
  if (report.failures) {
    const { answerable, offCorpus, methodsQuotes } = report.failures;
    const heading = (what: string, count: number) =>
      count === 0 ? `${what}: none` : `${what} (first ${count}):`;
    lines.push("", heading("Answerable questions refused or not citing gold", answerable.length));
    for (const failure of answerable) lines.push(...describeFailure(failure, true));
    lines.push("", heading("Off-corpus questions answered", offCorpus.length));
    for (const failure of offCorpus) lines.push(...describeFailure(failure, false));
    lines.push(
      "",
      heading("Statements quoting a methods, objective or design sentence", methodsQuotes.length),
    );
    for (const quote of methodsQuotes) {
      lines.push(`  ${quote.id}  ${quote.document} (${quote.reason}): ${clip(quote.statement, 160)}`);
    }
  }
  return lines.join("\n");
}

function row(name: string, metrics: AnswerMetrics | GroupReport): string {
  const cells = [
    String(metrics.questions),
    String(metrics.answerable),
    percent(metrics.answered),
    percent(metrics.goldRetrieved),
    percent(metrics.goldCited),
    percent(metrics.goldInBottomLine),
    percent(metrics.offCorpusRefused),
    String(metrics.claimsWithoutCitation),
    String(metrics.methodsQuotes),
    metrics.medianSourcesCited === null ? "n/a" : String(metrics.medianSourcesCited),
    percent(metrics.answeredWithTwoSources),
    metrics.askMs.p50.toFixed(0),
    metrics.askMs.p95.toFixed(0),
  ];
  return `  ${name.padEnd(12)}${cells.map((cell, index) => cell.padStart(COLUMNS[index]?.[1] ?? 0)).join(" ")}`;
}

function percent(value: Share): string {
  return value.share === null ? "n/a" : `${(100 * value.share).toFixed(0)}%`;
}

function describeFailure(failure: AnswerFailure, answerable: boolean): string[] {
  const where = `[${failure.half}, ${failure.asker}, ${failure.kind}]`;
  const lines = [
    `  ${failure.id} ${where} "${clip(failure.question, 120)}"`,
    `    ${failure.refused ? "refused" : "answered"}: ${clip(failure.firstStatement, 200)}`,
  ];
  if (answerable) {
    lines.push(
      `    gold ${failure.gold.join(", ")}: ${failure.goldRank === undefined ? `not among the ${failure.retrieved} retrieved` : `rank ${failure.goldRank} of ${failure.retrieved} retrieved`}`,
    );
  }
  return lines;
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
