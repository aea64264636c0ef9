import { join } from "node:path";
import { type Command, Option } from "commander";
import { DEFAULT_MINIMUM_SOURCES, DEFAULT_SOURCE_COUNT } from "../../answer/answer-defaults.ts";
import {
  PUBMEDQA_SPLITS,
  type PubmedQaReport,
  type PubmedQaSplit,
  readPubmedQaQuestions,
  runPubmedQa,
} from "../../eval/pubmedqa-eval.ts";
import { ingestSources } from "../../ingest/ingest-sources.ts";
import { planSources } from "../../ingest/source-format.ts";
import { openAnswerModel } from "../../model/language-model.ts";
import { type CommonOptions, positiveInteger, printJson, withCommonOptions } from "../common-options.ts";
import { openEvalStore } from "../eval-store.ts";
import { type ModelOptions, modelSettings, withModelOptions } from "../model-options.ts";
import { countProgress, progressReporter } from "../progress-reporter.ts";

interface PubmedQaOptions extends CommonOptions, ModelOptions {
  readability?: boolean;
  composer: "extractive" | "model";
  split: PubmedQaSplit;
  corpus?: string[];
  limit?: number;
  sources: number;
  minSources: number;
}

/** `galen eval pubmedqa`: answers PubMedQA's questions with `galen ask` and measures the answers. */
export function pubmedQaCommand(evaluate: Command): void {
  withCommonOptions(
    withModelOptions(
      evaluate
        .command("pubmedqa")
        .description("answer PubMedQA's expert-labelled questions with galen ask and measure the answers")
        .argument("<folder>", "PubMedQA folder with ori_pqal.json and test_ground_truth.json")
        .addOption(new Option("--split <name>", "which questions").choices(PUBMEDQA_SPLITS).default("test"))
        .option("--corpus <paths...>", "more sources to ingest beside the PubMedQA abstracts (distractors)")
        .option("--limit <n>", "answer only the first n questions", positiveInteger)
        .option("--sources <n>", "sources read per answer", positiveInteger, DEFAULT_SOURCE_COUNT)
        .option(
          "--min-sources <n>",
          "on-topic sources an answer needs",
          positiveInteger,
          DEFAULT_MINIMUM_SOURCES,
        )
        .option("--readability", "also answer for patients and report reading grades for both readers")
        .addOption(
          new Option("--composer <name>", "extractive, or model (also measures yes/no/maybe accuracy)")
            .choices(["extractive", "model"])
            .default("extractive"),
        ),
    ),
  )
    .addHelpText(
      "after",
      "\nEach question is the title of its own article, so a good answer cites that article. Without --db the corpus\n" +
        "goes into a throw-away database.\n" +
        "Example:\n  galen eval pubmedqa ../shared/data/pubmedqa --corpus ../shared/data/scifact ../shared/data/pubmed-xml",
    )
    .action(async (folder: string, options: PubmedQaOptions) => {
      const questions = (await readPubmedQaQuestions(folder, options.split)).slice(0, options.limit);
      const model = options.composer === "model" ? openAnswerModel(modelSettings(options)) : undefined;
      const { modelComposer } = await import("../../answer/model-composer.ts");
      const { store, close } = await openEvalStore(options, "pubmedqa");
      try {
        const ingest = progressReporter(process.stderr, options.json === true);
        await ingestSources(
          store,
          await planSources([join(folder, "ori_pqal.json"), ...(options.corpus ?? [])]),
          {
            onProgress: (update) => ingest.update(update),
          },
        );
        ingest.stop();
        const answering = countProgress(process.stderr, options.json === true, "answering");
        const report = await runPubmedQa(store, questions, {
          sources: options.sources,
          minimumSources: options.minSources,
          ...(model ? { composer: modelComposer(model) } : {}),
          readability: options.readability === true,
          onProgress: (done, total) => answering.update(done, total),
        });
        answering.stop();
        if (options.json) return printJson({ benchmark: `PubMedQA ${folder} (${options.split})`, ...report });
        process.stdout.write(
          `${describe(report, options.split, model?.name ?? "the extractive composer")}\n`,
        );
      } finally {
        await close();
        await model?.close();
      }
    });
}

function describe(report: PubmedQaReport, split: string, composer: string): string {
  const share = (n: number, of: number) => (of === 0 ? "n/a" : `${((100 * n) / of).toFixed(1)}%`);
  return [
    `PubMedQA (${split}): ${report.questions} questions answered by ${composer}`,
    `  own article cited       ${share(report.ownAbstractCited, report.questions)} (${report.ownAbstractCited})`,
    `  own article retrieved   ${share(report.ownAbstractRetrieved, report.questions)} (${report.ownAbstractRetrieved})`,
    `  statements supported    ${share(report.statementsSupported, report.statementsChecked)} of ${report.statementsChecked}`,
    `  insufficient evidence   ${share(report.insufficientAnswers, report.questions)} (${report.insufficientAnswers})`,
    `  yes/no/maybe accuracy   ${report.verdictAccuracy === undefined ? "n/a (needs a model composer)" : share(report.verdictAccuracy * report.questions, report.questions)}`,
    `  latency per answer      p50 ${report.latencyMs.p50.toFixed(0)} ms, p95 ${report.latencyMs.p95.toFixed(0)} ms`,
    ...(report.readability
      ? [
          "  reading grade (mean)    Flesch-Kincaid / Coleman-Liau",
          `    physician             ${grades(report.readability.physician)}`,
          `    patient               ${grades(report.readability.patient)}`,
          `    patient, claims only  ${grades(report.readability.patientClaims)}`,
        ]
      : []),
  ].join("\n");
}

function grades(value: { fleschKincaid: number; colemanLiau: number }): string {
  return `${value.fleschKincaid.toFixed(1)} / ${value.colemanLiau.toFixed(1)}`;
}
