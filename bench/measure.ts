import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { askQuestion } from "../src/answer/ask-question.ts";
import { searchDocuments } from "../src/search/index.ts";
import type { CorpusStore } from "../src/store/index.ts";

export type RssMethod = "/usr/bin/time" | "/proc VmHWM" | "unavailable";

export interface ChildRun {
  exitCode: number;
  wallMs: number;
  /** Peak resident set size of the child (its worker threads included), in bytes. */
  peakRssBytes: number | null;
  rssMethod: RssMethod;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";
const POLL_MS = 20;

function rssMethod(): RssMethod {
  if (process.platform !== "linux") return "unavailable";
  if (existsSync(GNU_TIME)) return "/usr/bin/time";
  return existsSync("/proc/self/status") ? "/proc VmHWM" : "unavailable";
}

/** Runs a command to completion, timing it from spawn to exit and measuring its peak RSS where Linux allows. */
export async function runMeasured(command: string, args: readonly string[], cwd: string): Promise<ChildRun> {
  const method = rssMethod();
  // GNU time prints the child's ru_maxrss (KiB) as the last line of stderr once the child has exited.
  const [file, argv] =
    method === "/usr/bin/time" ? [GNU_TIME, ["-f", "%M", command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const poll = method === "/proc VmHWM" && child.pid !== undefined ? pollHighWaterMark(child.pid) : undefined;
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
  const wallMs = performance.now() - started;
  poll?.stop();
  if (method === "/usr/bin/time") {
    const { rest, kib } = splitTimeOutput(stderr);
    return {
      exitCode,
      wallMs,
      peakRssBytes: kib === null ? null : kib * 1024,
      rssMethod: method,
      stdout,
      stderr: rest,
    };
  }
  return { exitCode, wallMs, peakRssBytes: poll?.peakBytes() ?? null, rssMethod: method, stdout, stderr };
}

function splitTimeOutput(stderr: string): { rest: string; kib: number | null } {
  const lines = stderr.trimEnd().split("\n");
  const last = lines.at(-1) ?? "";
  if (!/^\d+$/.test(last)) return { rest: stderr, kib: null };
  return { rest: lines.slice(0, -1).join("\n"), kib: Number(last) };
}

/** VmHWM is the kernel's own high-water mark, so polling only has to catch a read before the process exits. */
function pollHighWaterMark(pid: number): { stop(): void; peakBytes(): number | null } {
  let peak: number | null = null;
  const read = () => {
    try {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) peak = Math.max(peak ?? 0, Number(match[1]) * 1024);
    } catch {
      // The process has exited; the last value read stands.
    }
  };
  const timer = setInterval(read, POLL_MS);
  return {
    stop: () => clearInterval(timer),
    peakBytes: () => peak,
  };
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of the samples, in the samples' unit. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: sorted.at(-1) ?? 0,
    mean: sorted.length > 0 ? total / sorted.length : 0,
  };
}

export interface QueryTiming {
  latencyMs: LatencySummary;
  /** Queries that found nothing: a sanity check that the corpus and the queries match. */
  empty: number;
  meanResults: number;
}

/** Times each searchDocuments call after untimed warm-up calls (which fill SQLite's page cache). */
export async function timeQueries(
  store: CorpusStore,
  queries: readonly string[],
  options: { k: number; snippets: boolean; warmup: number },
  onQuery: (done: number) => void = () => {},
): Promise<QueryTiming> {
  for (const query of queries.slice(0, options.warmup)) await searchDocuments(store, query, options);
  const samples: number[] = [];
  let empty = 0;
  let results = 0;
  for (const query of queries) {
    const started = performance.now();
    const outcome = await searchDocuments(store, query, options);
    samples.push(performance.now() - started);
    if (outcome.results.length === 0) empty++;
    results += outcome.results.length;
    if (samples.length % 50 === 0 || samples.length === queries.length) onQuery(samples.length);
  }
  return { latencyMs: summarize(samples), empty, meanResults: results / Math.max(1, queries.length) };
}

/** Times each extractive askQuestion call after untimed warm-up calls; "empty" counts insufficient-evidence answers. */
export async function timeAnswers(
  store: CorpusStore,
  questions: readonly string[],
  warmup: number,
  onQuestion: (done: number) => void = () => {},
): Promise<QueryTiming> {
  for (const question of questions.slice(0, warmup)) await askQuestion(store, question);
  const samples: number[] = [];
  let insufficient = 0;
  let references = 0;
  for (const question of questions) {
    const started = performance.now();
    const answer = await askQuestion(store, question);
    samples.push(performance.now() - started);
    if (answer.insufficientEvidence) insufficient++;
    references += answer.references.length;
    if (samples.length % 20 === 0 || samples.length === questions.length) onQuestion(samples.length);
  }
  return {
    latencyMs: summarize(samples),
    empty: insufficient,
    meanResults: references / Math.max(1, questions.length),
  };
}
