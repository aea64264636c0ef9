import { type Command, InvalidArgumentError } from "commander";
import { GalenError } from "../../galen-error.ts";
import { modelSettingsFromEnv, openAnswerModel } from "../../model/language-model.ts";
import { openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, storeLocation, withCommonOptions } from "../common-options.ts";
import { openJobQueue } from "../job-queue-options.ts";
import { loadSampleCorpora } from "../sample-data.ts";
import { warmSearchIndexInBackground } from "../search-index-warm-up.ts";

interface ServeOptions extends CommonOptions {
  port: number;
  host: string;
  samples: boolean;
  queue?: boolean;
}

export function serveCommand(program: Command): void {
  withCommonOptions(
    program
      .command("serve")
      .description("run the web app and the JSON API (http://localhost:3000 by default)")
      .option("--port <n>", "port to listen on (GALEN_PORT)", port, Number(process.env.GALEN_PORT ?? 3000))
      .option(
        "--host <address>",
        "address to listen on; 0.0.0.0 for every interface",
        process.env.GALEN_HOST ?? "127.0.0.1",
      )
      .option("--no-samples", "do not load the sample corpora, even when they are present")
      .option("--queue", "hand questions to `galen worker` processes through PostgreSQL's job queue"),
  ).action(async (options: ServeOptions) => {
    const queue = options.queue ? await openJobQueue(options.databaseUrl, "galen serve --queue") : undefined;
    const store = await openCorpusStore(storeLocation(options));
    if (options.samples) await loadSampleCorpora(store, options.json === true);
    // Loaded here, not at the top: the other commands never need the web app.
    const [{ serve }, { createApp }, { modelComposer }, { pino }] = await Promise.all([
      import("@hono/node-server"),
      import("../../web/app.tsx"),
      import("../../answer/model-composer.ts"),
      import("pino"),
    ]);
    // With GALEN_MODEL_* set, a model writes the answers (verified the same way); otherwise they are extractive.
    const settings = modelSettingsFromEnv();
    const model = settings ? openAnswerModel(settings) : undefined;
    const app = createApp({
      store,
      // JSON lines on stdout, one per request; GALEN_LOG_LEVEL=warn keeps only problems.
      logger: pino({ level: process.env.GALEN_LOG_LEVEL ?? "info" }),
      ...(process.env.GALEN_ASKS_PER_MINUTE
        ? { asksPerMinute: askBudget(process.env.GALEN_ASKS_PER_MINUTE) }
        : {}),
      ...(model ? { composer: modelComposer(model) } : {}),
      ...(queue ? { queue } : {}),
      ...(process.env.GALEN_PUBLIC_URL ? { publicUrl: process.env.GALEN_PUBLIC_URL } : {}),
    });
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host });
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", (error: NodeJS.ErrnoException) =>
        reject(
          error.code === "EADDRINUSE"
            ? new GalenError(
                `Port ${options.port} is in use. Stop what uses it, or choose another with --port.`,
              )
            : error,
        ),
      );
    });
    const stats = await store.stats();
    process.stderr.write(
      `Galen is serving ${stats.documents.toLocaleString("en-US")} documents at http://${options.host === "0.0.0.0" ? "localhost" : options.host}:${options.port}/ (Ctrl-C stops it)\n`,
    );
    const warming = warmSearchIndexInBackground(store);
    await new Promise<void>((resolve) => {
      const stop = () => {
        warming.quiet();
        // Graceful: no new connections; requests in flight finish; then the database is closed.
        server.close(() => resolve());
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await queue?.stop();
    await store.close();
    await warming.done;
    await model?.close();
  });
}

/** GALEN_ASKS_PER_MINUTE: questions one client may ask per minute (default 20). */
function askBudget(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) {
    throw new GalenError(`GALEN_ASKS_PER_MINUTE must be a whole number above 0 (got "${value}").`, 2);
  }
  return number;
}

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535)
    throw new InvalidArgumentError("Expected a port from 0 to 65535.");
  return number;
}
