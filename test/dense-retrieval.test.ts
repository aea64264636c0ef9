import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestSources } from "../src/ingest/ingest-sources.ts";
import { planSources } from "../src/ingest/source-format.ts";
import { openAiCompatibleEmbeddings } from "../src/model/embedding-model.ts";
import { searchDocuments } from "../src/search/index.ts";
import { openSqliteCorpusStore } from "../src/store/sqlite/sqlite-corpus-store.ts";
import {
  type EmbeddingServerMode,
  type FakeEmbeddingServer,
  startEmbeddingServer,
} from "./embedding-server.ts";
import { runGalen } from "./run-galen.ts";

let mode: EmbeddingServerMode = "ok";
let server: FakeEmbeddingServer;
let baseUrl = "";
const folder = mkdtempSync(join(tmpdir(), "galen-dense-"));
const db = join(folder, "corpus.db");

beforeAll(async () => {
  server = await startEmbeddingServer(() => mode);
  baseUrl = server.baseUrl;
  const corpus = join(folder, "docs.jsonl");
  const documents = [
    [
      "1",
      "Bracing for spondylolysis in adolescent athletes",
      "Most pars fractures healed with rest and bracing.",
    ],
    ["2", "Inhaled budesonide in mild asthma", "As-needed budesonide reduced exacerbations."],
    ["3", "Statins after myocardial infarction", "Statin therapy lowered recurrent events."],
  ].map(([id, title, text]) =>
    JSON.stringify({ id: `test:${id}`, source: "test", title, abstract: [{ text }] }),
  );
  writeFileSync(corpus, documents.join("\n"));
  const store = await openSqliteCorpusStore(db);
  await ingestSources(store, await planSources([corpus]));
  await store.close();
});

afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("dense retrieval against a local embedding server", () => {
  it("galen embed backfills vectors, then search fuses dense and lexical lists", async () => {
    const env = { GALEN_EMBEDDINGS_URL: baseUrl, GALEN_EMBEDDINGS_MODEL: "hash-16" };
    const embedded = await runGalen(["embed", "--db", db, "--json"], { env });
    expect(embedded.code).toBe(0);
    expect(JSON.parse(embedded.stdout)).toMatchObject({ embedded: 3 });
    const again = await runGalen(["embed", "--db", db, "--json"], { env });
    expect(JSON.parse(again.stdout)).toMatchObject({ embedded: 0 });

    const store = await openSqliteCorpusStore(db);
    const model = openAiCompatibleEmbeddings({ baseUrl, model: "hash-16" });
    const outcome = await searchDocuments(store, "bracing spondylolysis athletes", {
      k: 3,
      embeddings: model,
    });
    expect(outcome.notice).toBeUndefined();
    expect(outcome.results[0]?.id).toBe("test:1");
    expect(outcome.results.map((result) => result.id)).toHaveLength(3); // dense adds documents BM25 did not match
    await store.close();
  });

  it("falls back to lexical results, with one notice, when the server is down, slow or wrong", async () => {
    const other = await searchDocuments(await openSqliteCorpusStore(db), "asthma", {
      embeddings: openAiCompatibleEmbeddings({ baseUrl, model: "another-model" }),
    });
    expect(other.notice).toMatch(
      /Document vectors are from hash-16, not another-model: lexical results only/,
    );
    const store = await openSqliteCorpusStore(db);
    const search = (embeddingsUrl: string, timeoutMs = 5000) =>
      searchDocuments(store, "budesonide asthma", {
        k: 3,
        embeddings: openAiCompatibleEmbeddings({ baseUrl: embeddingsUrl, model: "hash-16", timeoutMs }),
      });
    const down = await search("http://127.0.0.1:9/v1");
    expect(down.notice).toMatch(
      /Dense retrieval unavailable \(The embedding server http:\/\/127\.0\.0\.1:9\/v1 .*failed/,
    );
    expect(down.results[0]?.id).toBe("test:2");

    mode = "wrong-size";
    const wrong = await search(baseUrl);
    expect(wrong.notice).toMatch(/Dense retrieval unavailable .*vectors of 8 numbers.*lexical results only/);
    expect(wrong.results[0]?.id).toBe("test:2");

    mode = "slow";
    const slow = await search(baseUrl, 300);
    expect(slow.notice).toMatch(/Dense retrieval unavailable .*no answer within 0.3 s/);
    expect(slow.results[0]?.id).toBe("test:2");
    mode = "ok";
    await store.close();
  });
});
