import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openCorpusStore } from "../src/store/index.ts";
import { type FakeEmbeddingServer, startEmbeddingServer } from "./embedding-server.ts";
import { ANSWER_FIXTURE } from "./fixture-store.ts";
import { createDatabase, postgresMissing } from "./postgres-server.ts";
import {
  expectCleanFailure,
  type GalenProcess,
  jsonOutput,
  makeTempDir,
  removeTempDir,
  runGalen,
  startGalen,
} from "./run-galen.ts";

const serverUrl = inject("postgresUrl");
const FIXTURE_DOCUMENTS = 30;

/** Waits until `check` holds, looking every 200 ms, for at most `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("upkeep commands without the shared database", () => {
  it("galen ingest --queue says it needs PostgreSQL before reading anything", async () => {
    const folder = makeTempDir();
    try {
      const result = await runGalen(["ingest", ANSWER_FIXTURE, "--queue", "--db", join(folder, "g.db")]);
      expectCleanFailure(result, { mentions: ["galen ingest --queue", "GALEN_DATABASE_URL"] });
    } finally {
      removeTempDir(folder);
    }
  });
});

describe.skipIf(serverUrl === "")(
  `embedding backfills through the job queue ${serverUrl === "" ? `(skipped: ${postgresMissing()})` : ""}`,
  () => {
    let database = "";
    let embeddings: FakeEmbeddingServer;
    let worker: GalenProcess | undefined;
    const folder = makeTempDir();

    beforeAll(async () => {
      database = await createDatabase(serverUrl, `upkeep_${process.pid}`);
      expect((await runGalen(["ingest", ANSWER_FIXTURE, "--database-url", database, "--quiet"])).code).toBe(
        0,
      );
      embeddings = await startEmbeddingServer();
    });

    afterAll(async () => {
      worker?.child.kill("SIGKILL");
      await embeddings?.close();
      removeTempDir(folder);
    });

    const waitingToEmbed = async () => {
      const store = await openCorpusStore({ databaseUrl: database });
      try {
        return { model: await store.embeddingModel(), left: (await store.documentsToEmbed(100)).length };
      } finally {
        await store.close();
      }
    };

    it("a worker runs the backfill galen embed --queue asks for, and the vectors of later ingests", async () => {
      const first = jsonOutput<{ queued: boolean; jobId?: string }>(
        await runGalen(["embed", "--queue", "--database-url", database, "--json"]),
      );
      expect(first.queued).toBe(true);
      // One backfill waiting is enough: a second request adds no job.
      const second = jsonOutput<{ queued: boolean }>(
        await runGalen(["embed", "--queue", "--database-url", database, "--json"]),
      );
      expect(second.queued).toBe(false);
      expect(await waitingToEmbed()).toEqual({ left: FIXTURE_DOCUMENTS });

      const env = {
        GALEN_DATABASE_URL: database,
        GALEN_EMBEDDINGS_URL: embeddings.baseUrl,
        GALEN_EMBEDDINGS_MODEL: "hash-16",
        GALEN_JOB_MAINTENANCE_SECONDS: "1",
      };
      worker = startGalen(["worker"], { env, timeoutMs: 120_000 });
      await eventually(async () => (await waitingToEmbed()).left === 0, "the queued backfill");
      expect(await waitingToEmbed()).toEqual({ model: "hash-16", left: 0 });
      expect(embeddings.embedded).toBe(FIXTURE_DOCUMENTS);

      // Once the store holds vectors, an ingest with --queue hands the new documents' vectors to the workers.
      const added = join(folder, "added.jsonl");
      writeFileSync(
        added,
        `${JSON.stringify({
          id: "test:new-trial",
          source: "test",
          title: "Early bracing for pars interarticularis stress fractures",
          abstract: [{ text: "Bracing within two weeks shortened the time to return to sport." }],
        })}\n`,
      );
      const ingested = jsonOutput<{ queued: string[]; outcome: { inserted: number } }>(
        await runGalen(["ingest", added, "--queue", "--database-url", database, "--json"]),
      );
      expect(ingested).toMatchObject({ queued: ["embed"], outcome: { inserted: 1 } });
      await eventually(async () => (await waitingToEmbed()).left === 0, "the new document's vector");
      expect(embeddings.embedded).toBe(FIXTURE_DOCUMENTS + 1);
    }, 120_000);
  },
);
