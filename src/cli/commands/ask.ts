import { type Command, Option } from "commander";
import { type Answer, AUDIENCES, type Audience } from "../../answer/answer.ts";
import { askQuestion, DEFAULT_MINIMUM_SOURCES } from "../../answer/ask-question.ts";
import { DEFAULT_VERIFICATION } from "../../answer/claim-verification.ts";
import { DEFAULT_SOURCE_COUNT } from "../../answer/gather-evidence.ts";
import { renderHtml } from "../../answer/render-html.ts";
import { renderMarkdown } from "../../answer/render-markdown.ts";
import { openAiCompatibleEmbeddings } from "../../model/embedding-model.ts";
import { RETRIEVAL_PRESET_NAMES, RETRIEVAL_PRESETS, type RetrievalPreset } from "../../search/index.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, positiveInteger, storeLocation, withCommonOptions } from "../common-options.ts";
import { type EmbeddingOptions, embeddingSettings, withEmbeddingOptions } from "../embedding-options.ts";

const FORMATS = ["md", "json", "html"] as const;
type Format = (typeof FORMATS)[number];

interface AskCommandOptions extends CommonOptions, EmbeddingOptions {
  audience: Audience;
  format: Format;
  composer: "extractive" | "model";
  sources: number;
  minSources: number;
  preset: RetrievalPreset;
  unverified: "drop" | "flag";
}

export function askCommand(program: Command): void {
  withCommonOptions(
    withEmbeddingOptions(program.command("ask"))
      .description("answer a clinical question from the corpus, every statement cited and verified")
      .argument("<question...>", 'the question, e.g. "What is the treatment for pars defect?"')
      .addOption(
        new Option("--audience <reader>", "who the answer is for (recorded with the answer)")
          .choices(AUDIENCES)
          .default("physician"),
      )
      .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("md"))
      .addOption(
        new Option(
          "--composer <name>",
          "extractive quotes the sources (no model needed); model writes with a model",
        )
          .choices(["extractive", "model"])
          .default("extractive"),
      )
      .option("--sources <n>", "how many retrieved sources to read", positiveInteger, DEFAULT_SOURCE_COUNT)
      .option(
        "--min-sources <n>",
        "fewer sources on the question's topic than this and the answer says the evidence is insufficient",
        positiveInteger,
        DEFAULT_MINIMUM_SOURCES,
      )
      .addOption(
        new Option("--preset <name>", "retrieval configuration (see galen eval --help)")
          .choices(RETRIEVAL_PRESET_NAMES)
          .default("galen"),
      )
      .addOption(
        new Option("--unverified <action>", "what to do with a statement its sources do not support")
          .choices(["drop", "flag"])
          .default("drop"),
      )
      .addHelpText(
        "after",
        `
Every statement cites the retrieved sources it comes from and is checked against them (words, numbers, doses
and units); retracted publications are never cited. When too few retrieved sources address the question, the
answer says the evidence is insufficient and lists what was found.

Examples:
  galen ask "What is the treatment for pars defect?"
  galen ask "apixaban vs warfarin in atrial fibrillation" --format html > answer.html
  galen ask "metformin dose in CKD" --json`,
      ),
  ).action(async (words: string[], options: AskCommandOptions) => {
    const store = await openCorpusStore(storeLocation(options));
    try {
      const embeddings = embeddingSettings(options);
      const answer = await askQuestion(store, words.join(" "), {
        audience: options.audience,
        sources: options.sources,
        minimumSources: options.minSources,
        preset: options.preset,
        settings: RETRIEVAL_PRESETS[options.preset],
        verification: { ...DEFAULT_VERIFICATION, unsupported: options.unverified },
        ...(embeddings ? { embeddings: openAiCompatibleEmbeddings(embeddings) } : {}),
      });
      process.stdout.write(render(answer, options.json ? "json" : options.format));
    } finally {
      await store.close();
    }
  });
}

function render(answer: Answer, format: Format): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(answer, null, 2)}\n`;
    case "html":
      return renderHtml(answer);
    case "md":
      return renderMarkdown(answer);
  }
}
