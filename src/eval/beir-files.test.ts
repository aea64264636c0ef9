import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { GalenError } from "../galen-error.ts";
import { readBeirQrels, readBeirQueries } from "./beir-files.ts";

const scifactFolder = fileURLToPath(new URL("../../../shared/data/scifact", import.meta.url));

const folders: string[] = [];

/** Writes a BEIR-like fixture folder: keys are paths inside it, values the file contents. */
function beirFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), "galen-beir-"));
  folders.push(folder);
  for (const [relativePath, content] of Object.entries(files)) {
    const path = join(folder, relativePath);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
  }
  return folder;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("readBeirQueries", () => {
  it("reads one query a line, skipping blank lines and tolerating CRLF and a byte-order mark", async () => {
    const folder = beirFolder({
      "queries.jsonl": [
        '\uFEFF{"_id": "1", "text": "Aspirin lowers stroke risk.", "metadata": {}}',
        "",
        '{"_id": "q-2", "text": "Statins \\"cause\\" myalgia."}\r',
        "   ",
        '{"_id": "10", "text": ""}',
        "",
      ].join("\n"),
    });
    const queries = await readBeirQueries(folder);
    expect([...queries]).toEqual([
      ["1", "Aspirin lowers stroke risk."],
      ["q-2", 'Statins "cause" myalgia.'],
      ["10", ""],
    ]);
  });

  it("reads an empty file as no queries", async () => {
    expect((await readBeirQueries(beirFolder({ "queries.jsonl": "" }))).size).toBe(0);
  });

  it.each([
    ['{"_id": "1", "text": "ok"}\n{"_id": "2", "text": ', /queries\.jsonl line 2: not valid JSON/],
    ['{"_id": "1", "text": "ok"}\n\n["2", "text"]', /queries\.jsonl line 3: expected a JSON object/],
    ['{"text": "no id"}', /queries\.jsonl line 1: "_id" is missing or not a non-empty string/],
    ['{"_id": 7, "text": "numeric id"}', /line 1: "_id" is missing or not a non-empty string/],
    ['{"_id": "7"}', /queries\.jsonl line 1: "text" is missing or not a string \(query 7\)/],
  ])("rejects a malformed line, naming the file and line: %j", async (content, message) => {
    const folder = beirFolder({ "queries.jsonl": content });
    const error = await readBeirQueries(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GalenError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(join(folder, "queries.jsonl"));
  });

  it("says which file is missing", async () => {
    const folder = beirFolder({});
    await expect(readBeirQueries(folder)).rejects.toThrow(`${join(folder, "queries.jsonl")} not found`);
  });
});

describe("readBeirQrels", () => {
  it("reads judgments after the header, grouping them by query", async () => {
    const folder = beirFolder({
      "qrels/test.tsv": "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t2\r\n\nq2\td1\t0\nq3\td9\t-1\n",
    });
    const qrels = await readBeirQrels(folder, "test");
    expect(qrels).toEqual(
      new Map([
        [
          "q1",
          new Map([
            ["d1", 1],
            ["d2", 2],
          ]),
        ],
        ["q2", new Map([["d1", 0]])],
        ["q3", new Map([["d9", -1]])],
      ]),
    );
  });

  it("reads a file without a header, and keeps the last score of a repeated pair as BEIR does", async () => {
    const folder = beirFolder({ "qrels/dev.tsv": "q1\td1\t1\nq1\td1\t2\n" });
    expect(await readBeirQrels(folder, "dev")).toEqual(new Map([["q1", new Map([["d1", 2]])]]));
  });

  it.each([
    ["query-id\tcorpus-id\tscore\nq1\td1\n", /test\.tsv line 2: expected 3 tab-separated fields .* found 2/],
    ["q1 d1 1\n", /test\.tsv line 1: expected 3 tab-separated fields .* found 1/],
    ["q1\td1\t1\tx\n", /line 1: expected 3 tab-separated fields .* found 4/],
    ["q1\td1\t1\nq1\td2\thigh\n", /test\.tsv line 2: score "high" is not an integer/],
    ["q1\td1\t1\nq1\td2\t0.5\n", /line 2: score "0.5" is not an integer/],
    ["q1\td1\t1\n\td2\t1\n", /line 2: empty query-id or corpus-id/],
  ])("rejects a malformed line, naming the file and line: %j", async (content, message) => {
    const folder = beirFolder({ "qrels/test.tsv": content });
    const error = await readBeirQrels(folder, "test").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GalenError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(join(folder, "qrels", "test.tsv"));
  });

  it("names the missing split and lists the splits the folder has", async () => {
    const folder = beirFolder({
      "qrels/train.tsv": "q1\td1\t1\n",
      "qrels/dev.tsv": "",
      "qrels/README.md": "",
    });
    await expect(readBeirQrels(folder, "test")).rejects.toThrow(
      `${join(folder, "qrels", "test.tsv")} not found; this folder has splits: dev, train`,
    );
  });

  it("says when there is no qrels folder or no split in it", async () => {
    const bare = beirFolder({ "queries.jsonl": "" });
    await expect(readBeirQrels(bare, "test")).rejects.toThrow(`${bare} has no qrels folder`);
    const empty = beirFolder({ "qrels/notes.txt": "" });
    await expect(readBeirQrels(empty, "test")).rejects.toThrow(`${join(empty, "qrels")} has no .tsv splits`);
  });

  it("fails on a split that is a folder rather than a file", async () => {
    const folder = beirFolder({ "qrels/test.tsv/inner": "" });
    await expect(readBeirQrels(folder, "test")).rejects.toThrow(/EISDIR/);
  });
});

describe("SciFact (shared data)", () => {
  it.skipIf(!existsSync(scifactFolder))(
    "reads the 809 training claims and 919 training judgments (skipped when shared/data/scifact is absent)",
    async () => {
      const [queries, qrels] = await Promise.all([
        readBeirQueries(scifactFolder),
        readBeirQrels(scifactFolder, "train"),
      ]);
      expect(queries.size).toBe(809);
      expect(queries.get("0")).toBe("0-dimensional biomaterials lack inductive properties.");
      const judgments = [...qrels.values()].flatMap((byDoc) => [...byDoc.values()]);
      expect(judgments).toHaveLength(919);
      expect(judgments.every((grade) => grade === 1)).toBe(true);
      // Every training claim has at least one cited abstract, and every judged claim is a known query.
      expect(qrels.size).toBe(809);
      expect([...qrels.keys()].every((queryId) => queries.has(queryId))).toBe(true);
      expect(qrels.get("0")).toEqual(new Map([["31715818", 1]]));
    },
  );
});
