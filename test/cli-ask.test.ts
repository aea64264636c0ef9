import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Answer } from "../src/answer/answer.ts";
import { makeTempDir, runGalen } from "./run-galen.ts";
import { hasSharedData, SKIP_REASON, sharedData } from "./shared-data.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/answer-corpus.jsonl", import.meta.url));
const folder = makeTempDir();
const db = join(folder, "corpus.db");

beforeAll(async () => {
  const ingest = await runGalen(["ingest", FIXTURE, "--db", db]);
  expect(ingest.code).toBe(0);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("galen ask", () => {
  it("prints an answer that matches the answer schema with --json", async () => {
    const result = await runGalen(["ask", "What is the treatment for pars defect?", "--db", db, "--json"]);
    expect(result.code).toBe(0);
    const answer = Answer.parse(JSON.parse(result.stdout));
    expect(answer.questionType).toBe("treatment");
    expect(answer.references.length).toBeGreaterThan(0);
  });

  it("writes a standalone HTML page with --format html", async () => {
    const result = await runGalen(["ask", "spondylolysis", "bracing", "--db", db, "--format", "html"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^<!doctype html>/);
    expect(result.stdout).toContain("<h2>References</h2>");
  });

  it("answers honestly when the corpus lacks the evidence", async () => {
    const result = await runGalen(["ask", "What is the treatment for Kawasaki disease?", "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("insufficient evidence");
  });

  it.each([
    [["ask", "   "], /question is empty/],
    [
      ["ask", "pars defect", "--format", "pdf"],
      /--format.*pdf.*md, json, html|Allowed choices are md, json, html/,
    ],
    [["ask", "pars defect", "--audience", "robot"], /Allowed choices are physician/],
    [["ask", "pars defect", "--sources", "0"], /whole number above 0/],
  ])("rejects bad input %j with one line and exit 2", async (args, message) => {
    const result = await runGalen([...args, "--db", db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("galen eval pubmedqa", () => {
  it.skipIf(!hasSharedData)(
    `answers PubMedQA questions, citing their own articles, every statement supported (${hasSharedData ? "shared data present" : SKIP_REASON})`,
    async () => {
      const result = await runGalen(["eval", "pubmedqa", sharedData("pubmedqa"), "--limit", "20", "--json"], {
        timeoutMs: 60_000,
      });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as {
        questions: number;
        ownAbstractCited: number;
        statementsChecked: number;
        statementsSupported: number;
      };
      expect(report.questions).toBe(20);
      expect(report.ownAbstractCited).toBeGreaterThanOrEqual(18);
      expect(report.statementsChecked).toBeGreaterThan(0);
      expect(report.statementsSupported).toBe(report.statementsChecked);
    },
  );
});
