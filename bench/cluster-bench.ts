import { summarize } from "./measure.ts";
import { step } from "./progress.ts";
import { type RunningServer, type ServedStore, startServer } from "./web-bench.ts";

/** Questions asked in each run, and how many are in flight at once (spread over the servers in turn). */
const QUESTIONS = 48;
const CLIENTS = 8;

export interface ThroughputRun {
  servers: number;
  questions: number;
  clients: number;
  wallMs: number;
  questionsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  failures: number;
}

/**
 * Ask throughput of one and of two `galen serve` processes on the same store: the same questions, CLIENTS at a
 * time, each published as an article. Both processes share one database, so the figure shows what a second app
 * server buys on this machine, where the servers, the clients and the database share its cores.
 */
export async function benchAskThroughput(
  label: string,
  store: ServedStore,
  questions: readonly string[],
): Promise<ThroughputRun[]> {
  const asked = questions.slice(0, QUESTIONS);
  const runs: ThroughputRun[] = [];
  for (const count of [1, 2]) {
    const servers: RunningServer[] = [];
    try {
      for (let n = 0; n < count; n++) servers.push(await startServer(store));
      runs.push(
        await askThrough(`${label}: ask through ${count} server${count > 1 ? "s" : ""}`, servers, asked),
      );
    } finally {
      for (const server of servers) server.stop();
    }
  }
  return runs;
}

async function askThrough(
  label: string,
  servers: readonly RunningServer[],
  questions: readonly string[],
): Promise<ThroughputRun> {
  const progress = step(label, questions.length, "questions");
  const samples: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    for (let index = next++; index < questions.length; index = next++) {
      const server = servers[index % servers.length];
      const asked = performance.now();
      const response = await fetch(`${server?.base}/api/v1/ask`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question: questions[index] }),
      });
      await response.arrayBuffer();
      samples.push(performance.now() - asked);
      if (response.status !== 201 && response.status !== 200) failures++;
      progress.update(samples.length);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const wallMs = performance.now() - started;
  const latency = summarize(samples);
  const perSecond = questions.length / (wallMs / 1000);
  progress.finish(
    `${perSecond.toFixed(1)} questions/s, p95 ${latency.p95.toFixed(0)} ms, ${failures} failed`,
  );
  return {
    servers: servers.length,
    questions: questions.length,
    clients: CLIENTS,
    wallMs,
    questionsPerSecond: perSecond,
    p50Ms: latency.p50,
    p95Ms: latency.p95,
    failures,
  };
}
