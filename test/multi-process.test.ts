import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openCorpusStore } from "../src/store/index.ts";
import { ANSWER_FIXTURE } from "./fixture-store.ts";
import { freePort } from "./free-port.ts";
import {
  type ChatRequest,
  type FakeChatServer,
  startOpenAiCompatibleServer,
} from "./openai-compatible-server.ts";
import { createDatabase, postgresMissing } from "./postgres-server.ts";
import { type GalenProcess, runGalen, startGalen } from "./run-galen.ts";

const serverUrl = inject("postgresUrl");
/** How long the stand-in model takes to write each answer: long enough to kill a worker in the middle of one. */
const MODEL_DELAY_MS = 1_500;

/** A stand-in model, slow on purpose, that quotes a retrieved sentence on conservative care. */
function slowModel(request: ChatRequest) {
  const prompt = request.body.messages.map((message) => message.content).join("\n");
  const [source, number] = [...prompt.matchAll(/<source number="(\d+)">[\s\S]*?<\/source>/g)]
    .map((match) => [match[0], Number(match[1])] as const)
    .find(([text]) => /conservative/i.test(text)) ?? ["", 1];
  const quoted =
    source.split("\n").find((line) => /conservative/i.test(line) && !line.startsWith("Title:")) ?? "";
  return {
    content: JSON.stringify({ bottomLine: [{ text: quoted, evidence: [number] }], sections: [] }),
    delayMs: MODEL_DELAY_MS,
    // A streamed answer takes as long, spread over its chunks.
    chunkDelayMs: 100,
  };
}

/** Resolves when the process has written `line` on stderr. */
function ready(process: GalenProcess, line: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    process.child.stderr?.on("data", (text: string) => {
      seen += text;
      if (line.test(seen)) resolve();
    });
    process.child.once("exit", () => reject(new Error(`exited before it was ready:\n${seen}`)));
  });
}

describe.skipIf(serverUrl === "")(
  `several app servers and workers on one PostgreSQL ${serverUrl === "" ? `(skipped: ${postgresMissing()})` : ""}`,
  () => {
    let database = "";
    let model: FakeChatServer;
    const processes: GalenProcess[] = [];

    beforeAll(async () => {
      database = await createDatabase(serverUrl, `cluster_${process.pid}`);
      expect((await runGalen(["ingest", ANSWER_FIXTURE, "--database-url", database, "--quiet"])).code).toBe(
        0,
      );
      model = await startOpenAiCompatibleServer(slowModel);
    });

    afterAll(async () => {
      for (const running of processes) running.child.kill("SIGKILL");
      await model?.close();
    });

    /** Every process on the test's database and stand-in model. */
    const clusterEnv = () => ({
      GALEN_DATABASE_URL: database,
      GALEN_MODEL_PROVIDER: "openai-compatible",
      GALEN_MODEL_URL: model.baseUrl,
      GALEN_MODEL: "stand-in",
      GALEN_LOG_LEVEL: "warn",
    });

    it("answers a mixed load through two servers and two workers, and loses nothing when a worker dies mid-job", async () => {
      const env = {
        ...clusterEnv(),
        // Long enough that a slow answer on a busy machine is not taken for a dead worker; short enough to retry soon.
        GALEN_JOB_EXPIRE_SECONDS: "10",
        GALEN_JOB_MAINTENANCE_SECONDS: "1",
        GALEN_ASKS_PER_MINUTE: "1000",
      };
      const workers = [0, 1].map(() =>
        startGalen(["worker", "--concurrency", "2"], { env, timeoutMs: 120_000 }),
      );
      const ports = [await freePort(), await freePort()];
      const servers = ports.map((port) =>
        startGalen(["serve", "--queue", "--no-samples", "--port", String(port)], { env, timeoutMs: 120_000 }),
      );
      processes.push(...workers, ...servers);
      await Promise.all([
        ...workers.map((worker) => ready(worker, /is taking jobs/)),
        ...servers.map((server) => ready(server, /Galen is serving/)),
      ]);

      const questions = [
        "What is the treatment for pars defect?",
        "How is spondylolysis treated in adolescents?",
        "What is the treatment for spondylolysis in athletes?",
        "Does bracing help spondylolysis?",
        "What is the treatment for a pars fracture?",
        "How should a pars defect be managed?",
        "Is surgery needed for spondylolysis?",
        "How is lumbar spondylolysis treated?",
      ];
      // Each reply is read whole as soon as it comes: a reply left unread while the retried jobs run (10 s and
      // more) can lose its connection to the server's keep-alive timeout before it is read.
      const asks = questions.map(async (question, index) => {
        const reply = await fetch(`http://127.0.0.1:${ports[index % 2]}/api/v1/ask`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ question }),
        });
        return { status: reply.status, body: (await reply.json()) as { article: { id: string } } };
      });
      // Readers keep reading while answers are written: the library page from both servers.
      const reads = ports.map(async (port) => {
        const read = await fetch(`http://127.0.0.1:${port}/articles`);
        // Read whole, so that no open response is cut when the servers stop.
        return { status: read.status, page: await read.text() };
      });
      // Mid-answer, one worker dies without a chance to clean up: once four answers are being written at once,
      // both workers (two at a time each) hold jobs, and the model takes 1.5 s over each.
      while (model.requests.length < 4) await new Promise((resolve) => setTimeout(resolve, 50));
      workers[0]?.child.kill("SIGKILL");

      const replies = await Promise.all(asks);
      expect(replies.map((reply) => reply.status)).toEqual(questions.map(() => 201));
      const articles = replies.map((reply) => reply.body);
      const pages = await Promise.all(reads);
      expect(pages.map((read) => read.status)).toEqual([200, 200]);
      expect(pages[0]?.page).toContain("<h1>Articles</h1>");

      const store = await openCorpusStore({ databaseUrl: database });
      try {
        const published = await store.listArticles({ limit: 100 });
        // Every question published exactly once, including those whose first worker died.
        expect(published.map((article) => article.question).sort()).toEqual([...questions].sort());
        expect(new Set(articles.map((reply) => reply.article.id)).size).toBe(questions.length);
      } finally {
        await store.close();
      }
      const admin = new pg.Client({ connectionString: database });
      await admin.connect();
      const jobs = await admin.query<{ state: string; retry_count: number }>(
        "SELECT state, retry_count FROM galen_jobs.job WHERE name = 'answer' UNION ALL SELECT state, retry_count FROM galen_jobs.archive WHERE name = 'answer'",
      );
      // One conversation of one turn per question: a job run again found the thread its first run started.
      const turns = await admin.query<{ turns: number }>(
        "SELECT count(t.position)::int AS turns FROM threads h LEFT JOIN thread_turns t ON t.thread_id = h.id GROUP BY h.id",
      );
      await admin.end();
      expect(turns.rows.map((row) => row.turns)).toEqual(questions.map(() => 1));
      expect(jobs.rows.every((job) => job.state === "completed")).toBe(true);
      // The killed worker's jobs ran once more elsewhere, and no job ran more than twice.
      expect(jobs.rows.some((job) => job.retry_count === 1)).toBe(true);
      expect(jobs.rows.every((job) => job.retry_count <= 1)).toBe(true);
    }, 180_000);

    it("streams an answer's statements from the worker through the server as the model writes them", async () => {
      const env = clusterEnv();
      const worker = startGalen(["worker"], { env, timeoutMs: 60_000 });
      const port = await freePort();
      const server = startGalen(["serve", "--queue", "--no-samples", "--port", String(port)], {
        env,
        timeoutMs: 60_000,
      });
      processes.push(worker, server);
      await Promise.all([ready(worker, /is taking jobs/), ready(server, /Galen is serving/)]);
      const reply = await fetch(`http://127.0.0.1:${port}/api/v1/ask`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ question: "What is the treatment for pars defect?" }),
      });
      const events = [...(await reply.text()).matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map(
        ([, event, data]) => ({ event, data: JSON.parse(data ?? "{}") as Record<string, unknown> }),
      );
      // A statement streamed from the worker carries its evidence numbers and its check; one filled in after the
      // article came would carry citations instead.
      const streamed = events.findIndex((item) => item.event === "statement" && "evidence" in item.data);
      expect(streamed).toBeGreaterThanOrEqual(0);
      expect(events[streamed]?.data).toMatchObject({ supported: true });
      expect(events.at(-1)?.event).toBe("article");
      expect(streamed).toBeLessThan(events.length - 1);
    }, 120_000);
  },
);
