import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureStore } from "../../test/fixture-store.ts";
import type { CorpusStore } from "../store/corpus-store.ts";
import { openSqliteCorpusStore } from "../store/sqlite/sqlite-corpus-store.ts";
import { Answer, answerStatements } from "./answer.ts";
import { askQuestion } from "./ask-question.ts";
import { renderHtml } from "./render-html.ts";
import { renderMarkdown } from "./render-markdown.ts";

let fixture: Awaited<ReturnType<typeof fixtureStore>>;
let store: CorpusStore;

beforeAll(async () => {
  fixture = await fixtureStore();
  store = fixture.store;
});

afterAll(() => fixture.remove());

/** The abstract and title of a document, as stored, for checking that a quoted statement is really in it. */
async function sourceText(id: string): Promise<string> {
  const document = await store.getDocument(id);
  return `${document?.title ?? ""} ${document?.abstract.map((section) => section.text).join(" ") ?? ""}`.toLowerCase();
}

describe("askQuestion over a corpus that holds the literature", () => {
  let answer: Answer;
  beforeAll(async () => {
    answer = await askQuestion(store, "What is the treatment for pars defect?");
  });

  it("answers a treatment question in the treatment anatomy", () => {
    expect(Answer.parse(answer)).toEqual(answer);
    expect(answer.insufficientEvidence).toBe(false);
    expect(answer.questionType).toBe("treatment");
    expect(answer.bottomLine.filter((statement) => statement.kind === "claim").length).toBeGreaterThan(0);
    const kinds = answer.sections.map((section) => section.kind);
    expect(kinds[0]).toBe("understanding");
    expect(kinds).toContain("treatment-algorithm");
    expect(answer.sections[0]?.heading).toBe("Understanding spondylolysis (pars defect)");
  });

  it("sets treatments on lines only where a source says where they stand, in the order lines are tried", () => {
    const treatment = answer.sections.find((section) => section.kind === "treatment-algorithm");
    expect(treatment).toBeDefined();
    const labels = treatment?.items.map((item) => item.label) ?? [];
    if (treatment?.heading === "Treatments Studied") {
      expect(labels).toEqual([undefined]);
      return;
    }
    const order = labels.map((label) =>
      ["First", "Second", "Third", "Other"].findIndex((line) => label?.startsWith(line)),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("opens the bottom line with what the studies found together, from their own sizes", async () => {
    const [opening] = answer.bottomLine;
    expect(opening?.synthesis).toBe(true);
    expect(opening?.text).toMatch(/(?:trial|review|study|studies|trials|reviews) /);
    const cited = await Promise.all(
      (opening?.citations ?? []).map((number) => sourceText(answer.references[number - 1]?.id ?? "")),
    );
    for (const size of opening?.text.match(/\d[\d,]*/g) ?? []) expect(cited.join(" ")).toContain(size);
  });

  it("cites only retrieved, numbered references, and every statement is a sentence of the source it cites", async () => {
    const retrieved = new Set(answer.retrieval.evidence.map((item) => item.id));
    expect(answer.references.map((reference) => reference.number)).toEqual(
      answer.references.map((_, index) => index + 1),
    );
    for (const reference of answer.references) expect(retrieved.has(reference.id)).toBe(true);
    const quoted = answerStatements(answer).filter(
      (candidate) => candidate.kind === "claim" && !candidate.synthesis,
    );
    for (const statement of quoted) {
      expect(statement.citations.length).toBeGreaterThan(0);
      expect(statement.support).toBe(1);
      const [first] = statement.citations;
      const reference = answer.references[(first ?? 0) - 1];
      expect(reference).toBeDefined();
      expect(await sourceText(reference?.id ?? "")).toContain(statement.text.slice(1).toLowerCase());
    }
    expect(answer.verification.supported).toBe(answer.verification.checked);
    expect(answer.verification.dropped).toBe(0);
  });

  it("never cites the retracted trial, and does not quote the planted instruction", () => {
    expect(answer.references.map((reference) => reference.id)).not.toContain("fixture:spondylolysis-20");
    const text = answerStatements(answer)
      .map((statement) => statement.text)
      .join(" ");
    expect(text).not.toMatch(/ignore (?:all )?previous instructions/i);
    expect(text).not.toMatch(/immediate (?:instrumented )?fusion is superior/i);
    expect(answer.retrieval.evidence.map((item) => item.id)).toContain("fixture:spondylolysis-21");
    expect(answer.caveats.join(" ")).toMatch(/1 sentence in the sources addressed an AI system/);
  });

  it("does not pull in septal or neural tube defects", () => {
    for (const reference of answer.references) expect(reference.id).toMatch(/^fixture:spondylolysis-/);
  });

  it("summarises the cited evidence and says what a reader should weigh", () => {
    expect(answer.evidenceSummary.text).toMatch(/\d{4}–\d{4}$/);
    expect(answer.caveats.join(" ")).toMatch(/quoted from the sources' abstracts/);
    expect(answer.disclaimer).toMatch(/not medical advice/);
  });

  it("renders as Markdown and as HTML with numbered references", () => {
    const markdown = renderMarkdown(answer);
    expect(markdown).toMatch(/^# What is the treatment for pars defect\?/);
    expect(markdown).toContain("## Treatment Algorithm");
    expect(markdown).toMatch(/## References\n\n1\. /);
    const html = renderHtml(answer);
    expect(html).toContain('<li id="ref-1">');
    expect(html).toContain('<sup><a href="#ref-1">1</a></sup>');
  });
});

describe("askQuestion when the corpus does not hold the answer", () => {
  it("says the evidence is insufficient instead of padding", async () => {
    const answer = await askQuestion(store, "What is the treatment for Kawasaki disease?");
    expect(answer.insufficientEvidence).toBe(true);
    expect(answer.bottomLine[0]?.kind).toBe("framing");
    expect(answer.bottomLine[0]?.text).toMatch(/insufficient evidence|no evidence/);
    expect(answerStatements(answer).filter((statement) => statement.kind === "claim")).toEqual([]);
    expect(answer.references).toEqual([]);
    expect(renderMarkdown(answer)).toContain("## Closest Documents Found");
  });

  it("reports an empty corpus plainly", async () => {
    const folder = mkdtempSync(join(tmpdir(), "galen-empty-"));
    const empty = await openSqliteCorpusStore(join(folder, "empty.db"));
    try {
      const answer = await askQuestion(empty, "What is the treatment for pars defect?");
      expect(answer.insufficientEvidence).toBe(true);
      expect(answer.bottomLine[0]?.text).toMatch(/its library holds nothing on/);
    } finally {
      await empty.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("askQuestion's safety rules", () => {
  it("puts an urgent-care notice first for an emergency presentation", async () => {
    const answer = await askQuestion(store, "crushing chest pain and shortness of breath, what should I do?");
    expect(answer.urgentNotice).toMatch(/emergency/);
    expect(renderMarkdown(answer).startsWith("> **Urgent")).toBe(true);
    expect(renderHtml(answer)).toMatch(/<article>\n<p class="urgent" role="alert">/);
  });

  it("escapes what a question or source contains when rendering HTML", async () => {
    const answer = await askQuestion(store, "<script>alert(1)</script> spondylolysis bracing");
    const html = renderHtml(answer);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("rejects an empty or overlong question with a message that says what to do", async () => {
    await expect(askQuestion(store, "   ")).rejects.toThrow(/question is empty/);
    await expect(askQuestion(store, "pain ".repeat(1000))).rejects.toThrow(/limit is 2000/);
  });
});
