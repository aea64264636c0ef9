import type { Command } from "commander";
import { GalenError } from "../../galen-error.ts";
import { openAiCompatibleEmbeddings } from "../../model/embedding-model.ts";
import { backfillEmbeddings } from "../../search/backfill-embeddings.ts";
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
import { openJobQueue } from "../job-queue-options.ts";

interface EmbedOptions extends CommonOptions, EmbeddingOptions {
  batchSize: number;
  quiet?: boolean;
  queue?: boolean;
}

export function embedCommand(program: Command): void {
  withCommonOptions(
    withEmbeddingOptions(
      program
        .command("embed")
        .description("compute document vectors for dense retrieval (only documents that have none yet)")
        .option("--batch-size <n>", "documents per request to the embedding server", positiveInteger, 64)
        .option("-q, --quiet", "no progress output")
        .option("--queue", "hand the backfill to `galen worker` processes (PostgreSQL) and return at once"),
    ),
  ).action(async (options: EmbedOptions) => {
    if (options.queue) return scheduleBackfill(options);
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
      embedded = await backfillEmbeddings(store, model, {
        batchSize: options.batchSize,
        signal: interrupt.signal,
        onBatch: (total) => {
          if (!options.quiet && !options.json) process.stderr.write(`\rembedded ${total} documents`);
        },
      });
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

/** Asks the workers for a backfill; one already waiting does the same work, so none is added. */
async function scheduleBackfill(options: EmbedOptions): Promise<void> {
  const queue = await openJobQueue(options.databaseUrl, "galen embed --queue");
  try {
    const jobId = await queue.schedule("embed");
    if (options.json) return printJson({ queued: jobId !== undefined, ...(jobId ? { jobId } : {}) });
    process.stdout.write(
      jobId
        ? `Queued embedding backfill ${jobId}: a galen worker with GALEN_EMBEDDINGS_URL and GALEN_EMBEDDINGS_MODEL set will run it.\n`
        : "An embedding backfill is already waiting for a worker; it will embed these documents too.\n",
    );
  } finally {
    await queue.stop();
  }
}
