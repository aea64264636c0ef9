import type { Command } from "commander";
import { GalenError } from "../../galen-error.ts";
import type { GalenMcpOptions } from "../../mcp/index.ts";
import { type GalenStore, openCorpusStore } from "../../store/index.ts";
import { type CommonOptions, portNumber, storeLocation, withCommonOptions } from "../common-options.ts";
import { type BackgroundWarmUp, warmSearchIndexInBackground } from "../search-index-warm-up.ts";

interface McpOptions extends CommonOptions {
  http?: boolean;
  port: number;
  host: string;
}

export function mcpCommand(program: Command): void {
  withCommonOptions(
    program
      .command("mcp")
      .description(
        "serve evidence search, cited answers and articles to AI assistants (Model Context Protocol, stdio by default)",
      )
      .option("--http", "serve streamable HTTP at /mcp instead of stdio")
      .option("--port <n>", "port for --http", portNumber, 3001)
      .option("--host <address>", "address for --http; 0.0.0.0 for every interface", "127.0.0.1"),
  ).action(async (options: McpOptions) => {
    const store = await openCorpusStore(storeLocation(options));
    let warming: BackgroundWarmUp | undefined;
    // Once the server has said where it serves: its first line is the one clients and scripts look for.
    const serving = () => {
      warming = warmSearchIndexInBackground(store);
    };
    try {
      const settings = await serverSettings();
      if (options.http) await serveHttp(store, options, settings, serving);
      else await serveStdio(store, settings, serving);
    } finally {
      warming?.quiet();
      await store.close();
      await warming?.done;
    }
  });
}

/** Over stdin/stdout, for an assistant that starts Galen itself: stdout carries only the protocol. */
async function serveStdio(store: GalenStore, settings: GalenMcpOptions, serving: () => void): Promise<void> {
  // Loaded here, not at the top: the other commands never need the MCP SDK.
  const [{ StdioServerTransport }, { createGalenMcpServer }] = await Promise.all([
    import("@modelcontextprotocol/sdk/server/stdio.js"),
    import("../../mcp/index.ts"),
  ]);
  // Whatever a library logs goes to stderr: a stray line on stdout would break the protocol. (Galen itself never
  // logs with console: the linter forbids it outside tests and benches.)
  // biome-ignore lint/suspicious/noConsole: redirects libraries' console output, logs nothing itself
  console.log = console.info = console.debug = console.error;
  const server = createGalenMcpServer(store, settings);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  const stop = () => void server.close();
  // The client ends the conversation by closing our stdin; a signal ends it too.
  process.stdin.once("end", stop);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await server.connect(new StdioServerTransport());
  process.stderr.write(`Galen MCP server on stdio, over ${await documentCount(store)}.\n`);
  serving();
  await closed;
  process.stdin.off("end", stop);
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
}

/** Streamable HTTP at /mcp, for assistants that connect to a running server. */
async function serveHttp(
  store: GalenStore,
  options: McpOptions,
  settings: GalenMcpOptions,
  serving: () => void,
): Promise<void> {
  const [{ ArticleVersions }, { createGalenMcpServer, listenMcpHttp }] = await Promise.all([
    import("../../web/articles.ts"),
    import("../../mcp/index.ts"),
  ]);
  const versions = new ArticleVersions();
  const endpoint = await listenMcpHttp(() => createGalenMcpServer(store, { ...settings, versions }), {
    port: options.port,
    host: options.host,
  }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === "EADDRINUSE"
      ? new GalenError(`Port ${options.port} is in use. Stop what uses it, or choose another with --port.`)
      : error;
  });
  const open = options.host === "0.0.0.0" || options.host === "::";
  process.stderr.write(
    `Galen MCP server at ${endpoint.url}, over ${await documentCount(store)}${open ? "; anyone who can reach this machine can use it (there is no sign-in)" : ""} (Ctrl-C stops it)\n`,
  );
  serving();
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await endpoint.close();
}

/** As for galen serve: GALEN_MODEL_* chooses a model to write the answers (verified the same way), and
 * GALEN_PUBLIC_URL makes article links absolute. */
async function serverSettings(): Promise<GalenMcpOptions> {
  const [{ modelSettingsFromEnv, openAnswerModel }, { modelComposer }] = await Promise.all([
    import("../../model/language-model.ts"),
    import("../../answer/model-composer.ts"),
  ]);
  const model = modelSettingsFromEnv();
  return {
    ...(model ? { composer: modelComposer(openAnswerModel(model)) } : {}),
    ...(process.env.GALEN_PUBLIC_URL ? { publicUrl: process.env.GALEN_PUBLIC_URL } : {}),
  };
}

async function documentCount(store: GalenStore): Promise<string> {
  const stats = await store.stats();
  const documents = `${stats.documents.toLocaleString("en-US")} document${stats.documents === 1 ? "" : "s"} in ${stats.location}`;
  return stats.documents === 0 ? `${documents} (empty: add evidence with galen ingest)` : documents;
}
