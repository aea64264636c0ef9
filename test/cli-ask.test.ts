import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Answer } from "../src/answer/answer.ts";
import { readPubmedQaQuestions } from "../src/eval/pubmedqa-eval.ts";
import { type ChatReply, type ChatRequest, startOpenAiCompatibleServer } from "./openai-compatible-server.ts";
import { makeTempDir, runGalen } from "./run-galen.ts";
import { hasSharedData, SKIP_REASON, sharedData } from "./shared-data.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/answer-corpus.jsonl", import.meta.url));
const folder = makeTempDir();
const db = join(folder, "corpus.db");

/** Galen's model settings pointing at a stand-in OpenAI-compatible server. */
function standInModel(baseUrl: string): Record<string, string> {
  return { GALEN_MODEL_PROVIDER: "openai-compatible", GALEN_MODEL_URL: baseUrl, GALEN_MODEL: "stand-in" };
}

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

  it.skipIf(!hasSharedData)(
    `measures yes/no/maybe accuracy with a model composer (${hasSharedData ? "shared data present" : SKIP_REASON})`,
    async () => {
      // A stand-in model that quotes its first source and always answers "yes".
      const server = await startOpenAiCompatibleServer((request) => {
        const prompt = request.body.messages.map((message) => message.content).join("\n");
        const quoted = /<source number="1">[\s\S]*?Abstract:\n(.+)/.exec(prompt)?.[1] ?? "";
        return {
          content: JSON.stringify({
            bottomLine: [{ text: quoted, evidence: [1] }],
            sections: [],
            verdict: "yes",
          }),
        };
      });
      try {
        const result = await runGalen(
          ["eval", "pubmedqa", sharedData("pubmedqa"), "--limit", "10", "--composer", "model", "--json"],
          {
            timeoutMs: 60_000,
            env: standInModel(server.baseUrl),
          },
        );
        expect(result.code).toBe(0);
        const report = JSON.parse(result.stdout) as { verdictAccuracy?: number };
        // Always "yes" can be right at most on the questions the experts answered yes.
        const questions = await readPubmedQaQuestions(sharedData("pubmedqa"), "test");
        const yesShare = questions.slice(0, 10).filter((question) => question.verdict === "yes").length / 10;
        expect(report.verdictAccuracy).toBeGreaterThan(0);
        expect(report.verdictAccuracy).toBeLessThanOrEqual(yesShare);
      } finally {
        await server.close();
      }
    },
  );
});

describe("galen ask --composer model", () => {
  /** A stand-in model that quotes a source's sentence on conservative care faithfully, then invents a figure. */
  function modelReply(request: ChatRequest): ChatReply {
    const prompt = request.body.messages.map((message) => message.content).join("\n");
    const [source, number] = [...prompt.matchAll(/<source number="(\d+)">[\s\S]*?<\/source>/g)]
      .map((match) => [match[0], Number(match[1])] as const)
      .find(([text]) => /conservative/i.test(text)) ?? ["", 1];
    const quoted =
      source.split("\n").find((line) => /conservative/i.test(line) && !line.startsWith("Title:")) ?? "";
    const draft = {
      bottomLine: [
        { text: quoted, evidence: [number] },
        { text: "Surgery cures 99% of adolescents with a pars defect.", evidence: [number] },
      ],
      sections: [],
    };
    return { content: JSON.stringify(draft), chunkSize: 40 };
  }

  it("writes with the model, streams checked statements on stderr, and drops the invented figure", async () => {
    const server = await startOpenAiCompatibleServer(modelReply);
    try {
      const result = await runGalen(
        [
          "ask",
          "What is the treatment for pars defect?",
          "--db",
          db,
          "--composer",
          "model",
          "--stream",
          "--json",
        ],
        {
          env: standInModel(server.baseUrl),
        },
      );
      expect(result.code).toBe(0);
      const answer = Answer.parse(JSON.parse(result.stdout));
      expect(answer.composer).toMatchObject({ name: "model", model: "stand-in" });
      expect(answer.verification).toMatchObject({ checked: 2, supported: 1, dropped: 1 });
      expect(JSON.stringify(answer)).not.toContain("99%");
      expect(result.stderr).toMatch(/^✓ /m);
      expect(result.stderr).toMatch(/^✗ states 99 %, not found in the cited sources/m);
    } finally {
      await server.close();
    }
  });

  it("falls back to the extractive composer, and says so, when the model's output is not an answer", async () => {
    const server = await startOpenAiCompatibleServer(() => ({ content: "I cannot help with that." }));
    try {
      const result = await runGalen(
        ["ask", "What is the treatment for pars defect?", "--db", db, "--composer", "model", "--json"],
        {
          env: standInModel(server.baseUrl),
        },
      );
      expect(result.code).toBe(0);
      const answer = Answer.parse(JSON.parse(result.stdout));
      expect(answer.composer.name).toBe("extractive");
      expect(answer.caveats[0]).toMatch(
        /^The model composer failed \(.+\); this answer was composed extractively instead\.$/,
      );
    } finally {
      await server.close();
    }
  });

  it("says what to set when no model is configured", async () => {
    const result = await runGalen(["ask", "pars defect", "--db", db, "--composer", "model"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/set GALEN_MODEL_PROVIDER/);
  });
});

describe("galen ask --thread", () => {
  it("answers a follow-up in the thread printed with the first answer, and galen thread shows both", async () => {
    const first = await runGalen(["ask", "What is the treatment for pars defect?", "--db", db]);
    expect(first.code).toBe(0);
    const id = /Thread ([0-9a-f-]{36})\./.exec(first.stderr)?.[1] ?? "";
    expect(id).not.toBe("");
    const follow = await runGalen(["ask", "--thread", id, "What about in adults?", "--db", db, "--json"]);
    expect(follow.code).toBe(0);
    const answer = JSON.parse(follow.stdout) as {
      searchedAs: string;
      thread: { id: string; position: number };
    };
    expect(answer.searchedAs).toBe("pars defect treatment adults");
    expect(answer.thread).toEqual({ id, position: 2 });
    const shown = await runGalen(["thread", id, "--db", db]);
    expect(shown.stdout).toMatch(
      /1\. What is the treatment for pars defect\?[\s\S]*2\. What about in adults\?\n {3}searched as: pars defect treatment adults/,
    );
  });

  it("says clearly that a thread does not exist", async () => {
    const result = await runGalen(["ask", "--thread", "no-such-thread", "What about in adults?", "--db", db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^galen: There is no thread no-such-thread in this database\./);
  });
});
