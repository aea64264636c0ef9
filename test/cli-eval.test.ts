/**
 * `galen eval beir` end to end: a tiny BEIR folder, a named store that already holds another document, and the
 * report saying how many documents were searched (figures over a larger store are not the benchmark's own).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  jsonOutput,
  makeTempDir,
  pubmedArticle,
  pubmedXml,
  removeTempDir,
  runGalen,
  writeFixture,
} from "./run-galen.ts";

const TIMEOUT_MS = 90_000;
let dir: string;
let folder: string;

beforeAll(() => {
  dir = makeTempDir();
  folder = join(dir, "tiny-beir");
  mkdirSync(join(folder, "qrels"), { recursive: true });
  const corpus = [
    { _id: "d1", title: "Aspirin after stroke", text: "Aspirin lowers the risk of a second stroke." },
    { _id: "d2", title: "Statins and the liver", text: "Statins rarely raise liver enzymes." },
    {
      _id: "d3",
      title: "Inhaled steroids in asthma",
      text: "Inhaled corticosteroids reduce asthma attacks.",
    },
  ];
  writeFixture(folder, "corpus.jsonl", corpus.map((document) => JSON.stringify(document)).join("\n"));
  const queries = [
    { _id: "q1", text: "aspirin to prevent another stroke" },
    { _id: "q2", text: "asthma attacks and inhaled steroids" },
  ];
  writeFixture(folder, "queries.jsonl", queries.map((query) => JSON.stringify(query)).join("\n"));
  writeFixture(folder, "qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t1\n");
});

afterAll(() => removeTempDir(dir));

test(
  "reports the documents searched, the benchmark's and any other the named store holds",
  async () => {
    const db = join(dir, "shared.db");
    const seeded = await runGalen([
      "ingest",
      writeFixture(dir, "one.xml", pubmedXml([pubmedArticle(101)])),
      "--db",
      db,
      "-q",
    ]);
    expect(seeded.code, seeded.stderr).toBe(0);

    const json = await runGalen(["eval", "beir", folder, "--db", db, "--json"], { timeoutMs: TIMEOUT_MS });
    const report = jsonOutput<{ store: { documents: number }; metrics: Record<string, number> }>(json);
    expect(report.store.documents).toBe(4);
    expect(report.metrics["recall@100"]).toBe(1);

    const text = await runGalen(["eval", "beir", folder], { timeoutMs: TIMEOUT_MS });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split("\n")[0]).toMatch(/: 2 queries over 3 documents, configuration "galen"$/);
  },
  TIMEOUT_MS,
);
