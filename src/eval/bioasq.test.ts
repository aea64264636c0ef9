import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readBioasqBenchmark } from "./bioasq.ts";

const folder = mkdtempSync(join(tmpdir(), "galen-bioasq-test-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const url = (pmid: string) => `http://www.ncbi.nlm.nih.gov/pubmed/${pmid}`;

describe("BioASQ benchmark", () => {
  it("pools each PMID's gold snippets into one document and judges only findable PMIDs", async () => {
    mkdirSync(join(folder, "Task1"), { recursive: true });
    const questions = [
      {
        id: "q1",
        body: "Is MEF2C linked to developmental disorders?",
        type: "yesno",
        documents: [url("1"), url("2")],
        snippets: [
          { text: "MEF2C variants cause disorder.", document: url("1"), beginSection: "title" },
          { text: "We screened probands.", document: url("1"), beginSection: "abstract" },
        ],
      },
      { id: "q2", body: "No snippets here?", documents: [url("3")], snippets: [] },
      {
        id: "q3",
        body: "Same document again",
        documents: [url("1")],
        snippets: [{ text: "We screened probands.", document: url("1"), beginSection: "abstract" }],
      },
    ];
    writeFileSync(join(folder, "Task1", "1B1_golden.json"), JSON.stringify({ questions }));
    const benchmark = await readBioasqBenchmark(folder);
    expect(benchmark.documents).toEqual([
      {
        id: "bioasq:1",
        source: "bioasq",
        pmid: "1",
        title: "MEF2C variants cause disorder.",
        abstract: [{ text: "We screened probands." }],
      },
    ]);
    expect([...benchmark.queries.keys()]).toEqual(["q1", "q3"]);
    expect(benchmark.qrels.get("q1")).toEqual(new Map([["bioasq:1", 1]]));
  });

  it("says when a folder has no golden files", async () => {
    const empty = mkdtempSync(join(tmpdir(), "galen-bioasq-empty-"));
    await expect(readBioasqBenchmark(empty)).rejects.toThrow(/no BioASQ \*_golden\.json files/);
    rmSync(empty, { recursive: true, force: true });
  });
});
