import type { Command } from "commander";
import { openAiCompatibleEmbeddings } from "../../model/embedding-model.ts";
import { modelSettingsFromEnv, openAnswerModel } from "../../model/language-model.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, positiveInteger, storeLocation, withCommonOptions } from "../common-options.ts";
import { type EmbeddingOptions, embeddingSettings, withEmbeddingOptions } from "../embedding-options.ts";
import { openJobQueue } from "../job-queue-options.ts";

interface WorkerOptions extends CommonOptions, EmbeddingOptions {
  concurrency: number;
}

export function workerCommand(program: Command): void {
  withCommonOptions(
    withEmbeddingOptions(
      program
        .command("worker")
        .description(
          "answer questions, check living evidence and embed new documents for the app servers, through the shared job queue",
        )
        .option("--concurrency <n>", "answers written at once", positiveInteger, 2),
    ),
  )
    .addHelpText(
      "after",
      "\nNeeds PostgreSQL (GALEN_DATABASE_URL or --database-url); app servers started with `galen serve --queue`\n" +
        "hand their questions to workers. A job whose worker dies runs once more on another; its article is\n" +
        "published once. With GALEN_MODEL_* set, a model writes the answers; with GALEN_EMBEDDINGS_* set, the worker\n" +
        "also runs the embedding backfills that `galen ingest --queue` and `galen embed --queue` ask for. Ctrl-C or\n" +
        "SIGTERM stops after the jobs in hand.\n",
    )
    .action(async (options: WorkerOptions) => {
      const queue = await openJobQueue(options.databaseUrl, "galen worker");
      const store = await openCorpusStore(storeLocation(options));
      const settings = modelSettingsFromEnv();
      const model = settings ? openAnswerModel(settings) : undefined;
      const { modelComposer } = await import("../../answer/model-composer.ts");
      const { galenJobs } = await import("../worker-jobs.ts");
      const embedding = embeddingSettings(options);
      const embeddings = embedding ? openAiCompatibleEmbeddings(embedding) : undefined;
      const jobs = galenJobs(store, {
        ...(model ? { composer: modelComposer(model) } : {}),
        ...(embeddings ? { embeddings } : {}),
      });
      await queue.work("answer", options.concurrency, jobs.answer);
      await queue.work("living-evidence", 1, jobs["living-evidence"]);
      if (embeddings) await queue.work("embed", 1, jobs.embed);
      process.stderr.write(
        `Galen worker ${process.pid} is taking jobs (answers ${options.concurrency} at a time, living evidence, ${embeddings ? `embeddings with ${embeddings.name}` : "no embeddings: GALEN_EMBEDDINGS_URL and GALEN_EMBEDDINGS_MODEL are not set"}).\n`,
      );
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await queue.stop();
      await store.close();
      await model?.close();
    });
}
