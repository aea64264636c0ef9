import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GalenError } from "../galen-error.ts";
import type { Run } from "./metrics.ts";
import { evaluateRun } from "./metrics.ts";
import { formatTrecRun, parseTrecRun, writeTrecRun } from "./trec-run.ts";

const run: Run = new Map([
  [
    "10",
    [
      { docId: "d1", score: 0.5 },
      { docId: "d2", score: 12.3456789 },
    ],
  ],
  [
    "2",
    [
      { docId: "a", score: 1 },
      { docId: "c", score: 3 },
      { docId: "b", score: 1 },
    ],
  ],
  ["1", []],
]);

describe("formatTrecRun", () => {
  it("writes one line per result in trec_eval rank order, queries in natural id order", () => {
    // Query 2 before 10; in query 2, b and a tie at 1 and the higher doc id ranks first; query 1 has no lines.
    expect(formatTrecRun(run, "bm25")).toBe(
      [
        "2 Q0 c 1 3 bm25",
        "2 Q0 b 2 1 bm25",
        "2 Q0 a 3 1 bm25",
        "10 Q0 d2 1 12.345679 bm25",
        "10 Q0 d1 2 0.5 bm25",
        "",
      ].join("\n"),
    );
  });

  it("prints scores with at most 6 decimals and no exponent for typical values", () => {
    const scores = [0.1 + 0.2, -1.25, 1e-7, 123456.1234567, 0];
    const results = scores.map((score, index) => ({ docId: `d${index}`, score }));
    const lines = formatTrecRun(new Map([["q", results]]), "t")
      .trim()
      .split("\n");
    expect(lines.map((line) => line.split(" ")[4])).toEqual(["123456.123457", "0.3", "0", "0", "-1.25"]);
  });

  it("writes nothing for an empty run", () => {
    expect(formatTrecRun(new Map(), "t")).toBe("");
  });

  it.each([
    [new Map([["q", [{ docId: "d", score: 1 }]]]), "two words", /tag must be one word/],
    [new Map([["q", [{ docId: "d", score: 1 }]]]), "", /tag must be one word/],
    [new Map([["q 1", [{ docId: "d", score: 1 }]]]), "t", /query id "q 1"/],
    [new Map([["q", [{ docId: "d\t1", score: 1 }]]]), "t", /document id "d\t1"/],
    [new Map([["q", [{ docId: "d", score: Number.NaN }]]]), "t", /score NaN of d \(query q\) is not finite/],
  ])("refuses what the format cannot carry (%#)", (badRun, tag, message) => {
    expect(() => formatTrecRun(badRun, tag)).toThrow(message);
  });
});

describe("parseTrecRun", () => {
  it("reads runs back in the order of the file, ignoring blank lines and extra whitespace", () => {
    const text = "q1 Q0 d3 1 2.5 run\r\n\n  q1\tQ0  d1 2 -1e-3 run\nq2 0 x 1 7 other\n";
    expect(parseTrecRun(text)).toEqual(
      new Map([
        [
          "q1",
          [
            { docId: "d3", score: 2.5 },
            { docId: "d1", score: -0.001 },
          ],
        ],
        ["q2", [{ docId: "x", score: 7 }]],
      ]),
    );
  });

  it("round-trips a formatted run, ranked and with scores rounded to 6 decimals", () => {
    const parsed = parseTrecRun(formatTrecRun(run, "bm25"));
    expect(parsed).toEqual(
      new Map([
        [
          "2",
          [
            { docId: "c", score: 3 },
            { docId: "b", score: 1 },
            { docId: "a", score: 1 },
          ],
        ],
        [
          "10",
          [
            { docId: "d2", score: 12.345679 },
            { docId: "d1", score: 0.5 },
          ],
        ],
      ]),
    );
    expect(formatTrecRun(parsed, "bm25")).toBe(formatTrecRun(run, "bm25"));
    const qrels = new Map([
      ["2", new Map([["a", 1]])],
      ["10", new Map([["d1", 2]])],
    ]);
    expect(evaluateRun(parsed, qrels)).toEqual(evaluateRun(run, qrels));
  });

  it.each([
    ["q1 Q0 d1 1 2.5", /TREC run line 1: expected 6 fields .* found 5/],
    ["q1 Q0 d1 1 2.5 run\nq1 Q0 d2 first 2 run", /TREC run line 2: rank "first" is not a whole number/],
    ["\nq1 Q0 d1 1 high run", /TREC run line 2: score "high" is not a number/],
    ["q1 Q0 d1 1 2.5 run extra", /found 7/],
  ])("rejects a malformed line, naming its number: %j", (text, message) => {
    expect(() => parseTrecRun(text)).toThrow(GalenError);
    expect(() => parseTrecRun(text)).toThrow(message);
  });
});

describe("writeTrecRun", () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it("writes the same text formatTrecRun returns", async () => {
    const folder = mkdtempSync(join(tmpdir(), "galen-trec-"));
    folders.push(folder);
    const path = join(folder, "run.trec");
    await writeTrecRun(path, run, "bm25");
    expect(readFileSync(path, "utf8")).toBe(formatTrecRun(run, "bm25"));
  });

  it("validates before creating the file", async () => {
    const folder = mkdtempSync(join(tmpdir(), "galen-trec-"));
    folders.push(folder);
    const path = join(folder, "run.trec");
    await expect(writeTrecRun(path, run, "bad tag")).rejects.toThrow(/tag/);
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
  });
});
