import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { freePort } from "../test/free-port.ts";
import { summarize } from "./measure.ts";
import { step } from "./progress.ts";
import { loadQueries } from "./search-corpus.ts";
import type { SharedData } from "./shared-data.ts";

export const WEB_TARGETS = { articleRequestsPerSecond: 1500, articleP99Ms: 50, askP95Ms: 400 };

const GALEN = fileURLToPath(new URL("../bin/galen.js", import.meta.url));
const ASK_QUESTIONS = 100;
const LOAD_SECONDS = 10;
const CONNECTIONS = 10;

export interface WebFigures {
  /** POST /api/v1/ask, one question at a time, timed by the client. */
  ask: { questions: number; p50Ms: number; p95Ms: number; maxMs: number };
  /** GET of one article page (its reader version cached after the first request) under autocannon. */
  articlePage: {
    connections: number;
    seconds: number;
    requestsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
    errors: number;
    non2xx: number;
  };
}

/** `galen serve` in a child process on a store: `--db <file>`, or `--database-url <url>` with its schema. */
export interface ServedStore {
  args: readonly string[];
  env?: Record<string, string>;
}

export interface RunningServer {
  base: string;
  stop(): void;
}

/**
 * Starts `galen serve` on a free port and resolves once it answers HTTP and, on SQLite, has read its search index
 * into memory (as a server that has been up for a few seconds has): the figures are the steady state's.
 */
export async function startServer(store: ServedStore): Promise<RunningServer> {
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [GALEN, "serve", ...store.args, "--no-samples", "--port", String(port)],
    {
      env: { ...process.env, ...store.env, GALEN_ASKS_PER_MINUTE: "100000" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(base, server, store.args.includes("--db"));
  } catch (error) {
    server.kill("SIGTERM");
    throw error;
  }
  return { base, stop: () => server.kill("SIGTERM") };
}

/** Runs `galen serve` on the search benchmark's SQLite database in a child process and loads it from this one. */
export async function benchWeb(data: SharedData, db: string): Promise<WebFigures> {
  const server = await startServer({ args: ["--db", db] });
  try {
    const { base } = server;
    const { pubmedQa } = await loadQueries(data);
    const ask = await timeAsks(base, pubmedQa.slice(0, ASK_QUESTIONS));
    return { ask: ask.figures, articlePage: await loadArticle(`${base}${ask.firstArticle}`) };
  } finally {
    server.stop();
  }
}

async function timeAsks(base: string, questions: readonly string[]) {
  const progress = step("web ask", questions.length, "questions");
  const samples: number[] = [];
  let firstArticle = "";
  for (const question of questions) {
    const started = performance.now();
    const response = await fetch(`${base}/api/v1/ask`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question }),
    });
    const body = (await response.json()) as { article?: { url: string } };
    samples.push(performance.now() - started);
    if (response.status !== 201 && response.status !== 200)
      throw new Error(`ask answered ${response.status}`);
    firstArticle ||= body.article?.url ?? "";
    if (samples.length % 20 === 0) progress.update(samples.length);
  }
  const latency = summarize(samples);
  progress.finish(`p50 ${latency.p50.toFixed(0)} ms, p95 ${latency.p95.toFixed(0)} ms`);
  return {
    figures: { questions: samples.length, p50Ms: latency.p50, p95Ms: latency.p95, maxMs: latency.max },
    firstArticle,
  };
}

async function loadArticle(url: string): Promise<WebFigures["articlePage"]> {
  const progress = step("article page under load", LOAD_SECONDS, "s");
  await fetch(url); // fills the reader-version cache, as the first reader of an article does
  const result = await autocannon({ url, connections: CONNECTIONS, duration: LOAD_SECONDS });
  progress.finish(`${Math.round(result.requests.average)} requests/s, p99 ${result.latency.p99} ms`);
  return {
    connections: CONNECTIONS,
    seconds: LOAD_SECONDS,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

async function waitUntilServing(base: string, server: ChildProcess, warmsIndex: boolean): Promise<void> {
  let stderr = "";
  server.stderr?.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
  let answering = false;
  for (let attempt = 0; attempt < 1200; attempt++) {
    if (server.exitCode !== null) throw new Error(`galen serve exited: ${stderr}`);
    if (!answering)
      answering = await fetch(base).then(
        () => true,
        () => false,
      );
    if (answering && (!warmsIndex || /Search index (in memory|not read)/.test(stderr))) return;
    await pause();
  }
  throw new Error(`galen serve did not start: ${stderr}`);
}
