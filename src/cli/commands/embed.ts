import type { Command } from "commander";
import { GalenError } from "../../galen-error.ts";
import { openAiCompatibleEmbeddings } from "../../model/embedding-model.ts";
import { openCorpusStore } from "../../store/index.ts";
import {
  type CommonOptions,
  positiveInteger,
  printJson,
  storeLocation,
  withCommonOptions,
} from "../common-options.ts";
import { type EmbeddingOptions, embeddingSettings, withEmbeddingOptions } from "../embedding-options.ts";
import { interruptSignal } from "../interrupt.ts";

interface EmbedOptions extends CommonOptions, EmbeddingOptions {
  batchSize: number;
  quiet?: boolean;
}

export function embedCommand(program: Command): void {
  withCommonOptions(
    withEmbeddingOptions(
      program
        .command("embed")
        .description("compute document vectors for dense retrieval (only documents that have none yet)")
        .option("--batch-size <n>", "documents per request to the embedding server", positiveInteger, 64)
        .option("-q, --quiet", "no progress output"),
    ),
  ).action(async (options: EmbedOptions) => {
    const settings = embeddingSettings(options);
    if (!settings) {
      throw new GalenError(
        "No embedding model configured: set GALEN_EMBEDDINGS_URL and GALEN_EMBEDDINGS_MODEL (or --embeddings-url and --embeddings-model), e.g. http://localhost:11434/v1 and nomic-embed-text.",
        2,
      );
    }
    const model = openAiCompatibleEmbeddings(settings);
    const store = await openCorpusStore(storeLocation(options));
    const interrupt = interruptSignal();
    const started = performance.now();
    let embedded = 0;
    try {
      while (!interrupt.signal.aborted) {
        const batch = await store.documentsToEmbed(options.batchSize);
        if (batch.length === 0) break;
        const vectors = await model.embed(
          batch.map((item) => item.text),
          interrupt.signal,
        );
        await store.saveEmbeddings(
          model.name,
          batch.map((item, index) => ({ id: item.id, vector: vectors[index] ?? [] })),
        );
        embedded += batch.length;
        if (!options.quiet && !options.json) process.stderr.write(`\rembedded ${embedded} documents`);
      }
    } finally {
      interrupt.dispose();
      await store.close();
    }
    const seconds = (performance.now() - started) / 1000;
    if (options.json) return printJson({ model: model.name, embedded, seconds });
    process.stdout.write(
      `${options.quiet ? "" : "\n"}Embedded ${embedded} documents with ${model.name} in ${seconds.toFixed(1)} s\n`,
    );
  });
}
