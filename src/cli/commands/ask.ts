import { type Command, Option } from "commander";
import type { Answer, Audience } from "../../answer/answer.ts";
import { DEFAULT_MINIMUM_SOURCES, DEFAULT_SOURCE_COUNT } from "../../answer/answer-defaults.ts";
import type { VerifiedStatement } from "../../answer/statement-stream.ts";
import { READERS } from "../../audience/reader-profiles.ts";
import { openAiCompatibleEmbeddings } from "../../model/embedding-model.ts";
import { openAnswerModel } from "../../model/language-model.ts";
import { RETRIEVAL_PRESET_NAMES, RETRIEVAL_PRESETS, type RetrievalPreset } from "../../search/index.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, positiveInteger, storeLocation, withCommonOptions } from "../common-options.ts";
import { type EmbeddingOptions, embeddingSettings, withEmbeddingOptions } from "../embedding-options.ts";
import { type ModelOptions, modelSettings, withModelOptions } from "../model-options.ts";

const FORMATS = ["md", "json", "html"] as const;
type Format = (typeof FORMATS)[number];

interface AskCommandOptions extends CommonOptions, EmbeddingOptions, ModelOptions {
  audience: Audience;
  format: Format;
  composer: "extractive" | "model";
  sources: number;
  minSources: number;
  preset: RetrievalPreset;
  unverified: "drop" | "flag";
  stream?: boolean;
  thread?: string;
}

export function askCommand(program: Command): void {
  withCommonOptions(
    withModelOptions(withEmbeddingOptions(program.command("ask")))
      .description("answer a clinical question from the corpus, every statement cited and verified")
      .argument("<question...>", 'the question, e.g. "What is the treatment for pars defect?"')
      .addOption(
        new Option(
          "--audience <reader>",
          "who the answer is written for: same sources and claims, wording and order for that reader",
        )
          .choices(READERS)
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
      .option("--stream", "with the model composer, print each statement on stderr as soon as it is checked")
      .option("--thread <id>", "ask a follow-up in this thread (its id is printed with each answer)")
      .addHelpText(
        "after",
        `
Every statement cites the retrieved sources it comes from and is checked against them (words, numbers, doses
and units); retracted publications are never cited. When too few retrieved sources address the question, the
answer says the evidence is insufficient and lists what was found.

Every answer starts or continues a thread: a follow-up such as "What about in adults?" with --thread <id>
carries the earlier question's condition into its search (not when it names a new condition).

Examples:
  galen ask "What is the treatment for pars defect?"
  galen ask --thread <id> "What about in adults?"
  galen ask "apixaban vs warfarin in atrial fibrillation" --format html > answer.html
  galen ask "metformin dose in CKD" --json
  GALEN_MODEL_PROVIDER=openai-compatible GALEN_MODEL_URL=http://localhost:11434/v1 GALEN_MODEL=llama3.1:8b \\
    galen ask "Does bracing help spondylolysis heal?" --composer model --stream

The model composer writes from the same numbered evidence and is verified the same way; if the model fails
(server down, malformed output), the answer is composed extractively and says so.`,
      ),
  ).action(async (words: string[], options: AskCommandOptions) => {
    // The answer pipeline loads here: commands that never answer (ingest above all) stay light.
    const [{ askInThread }, { modelComposer }, { DEFAULT_VERIFICATION }, { renderHtml }, { renderMarkdown }] =
      await Promise.all([
        import("../../threads/ask-in-thread.ts"),
        import("../../answer/model-composer.ts"),
        import("../../answer/claim-verification.ts"),
        import("../../answer/render-html.ts"),
        import("../../answer/render-markdown.ts"),
      ]);
    const render = (answer: Answer, format: Format): string =>
      format === "json"
        ? `${JSON.stringify(answer, null, 2)}\n`
        : format === "html"
          ? renderHtml(answer)
          : renderMarkdown(answer);
    const model = options.composer === "model" ? openAnswerModel(modelSettings(options)) : undefined;
    const store = await openCorpusStore(storeLocation(options));
    try {
      const embeddings = embeddingSettings(options);
      const reply = await askInThread(store, words.join(" "), {
        ...(options.thread ? { threadId: options.thread } : {}),
        ...(model ? { composer: modelComposer(model) } : {}),
        ...(model && options.stream ? { onStatement: printStatement } : {}),
        audience: options.audience,
        sources: options.sources,
        minimumSources: options.minSources,
        preset: options.preset,
        settings: RETRIEVAL_PRESETS[options.preset],
        verification: { ...DEFAULT_VERIFICATION, unsupported: options.unverified },
        ...(embeddings ? { embeddings: openAiCompatibleEmbeddings(embeddings) } : {}),
      });
      if (reply.kind === "polite") {
        process.stdout.write(options.json ? `${JSON.stringify({ reply: reply.text })}\n` : `${reply.text}\n`);
        return;
      }
      const format = options.json ? "json" : options.format;
      const thread = { id: reply.threadId, position: reply.position };
      process.stdout.write(
        format === "json"
          ? `${JSON.stringify({ ...reply.answer, thread }, null, 2)}\n`
          : render(reply.answer, format),
      );
      if (format === "md" && reply.answer.insufficientEvidence) process.stderr.write(LOAD_LITERATURE_HINT);
      if (format === "md") process.stderr.write(followUpHint(reply.threadId));
    } finally {
      await store.close();
      await model?.close();
    }
  });
}

/** For whoever runs the command (the answer itself is for readers and says nothing of commands). */
const LOAD_LITERATURE_HINT =
  '\nThe corpus may not hold the literature on this question: load it with galen ingest (a file or folder, or --pubmed "<search>"; see galen ingest --help).\n';

function followUpHint(threadId: string): string {
  return `\nThread ${threadId}. Ask a follow-up: galen ask --thread ${threadId} "<question>"\n`;
}

/** A streamed statement on stderr, with what its check found, so stdout keeps only the finished answer. */
function printStatement({ statement, check }: VerifiedStatement): void {
  const mark = check.supported ? "✓" : `✗ ${check.problem}:`;
  process.stderr.write(`${mark} ${statement.text} [${statement.evidence.join(", ")}]\n`);
}
