import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureStore } from "../../test/fixture-store.ts";
import { Answer, answerStatements } from "../answer/answer.ts";
import { askQuestion } from "../answer/ask-question.ts";
import { EditConflict, editArticle, editableText, parseEditedText } from "./edit-article.ts";
import { publishAnswer } from "./publish-answer.ts";
import { reviewArticle } from "./review-article.ts";

let fixture: Awaited<ReturnType<typeof fixtureStore>>;

beforeAll(async () => {
  fixture = await fixtureStore();
  for (const [email, role] of [
    ["ed@example.org", "editor"],
    ["ann@example.org", "reviewer"],
    ["bob@example.org", "reviewer"],
  ] as const) {
    await fixture.store.createAccount({ email, name: email, role, passwordHash: "unused" });
  }
});

afterAll(() => fixture.remove());

async function newArticle() {
  const answer = await askQuestion(fixture.store, "What is the treatment for pars defect?");
  return { article: await publishAnswer(fixture.store, answer), answer };
}

async function latestAnswer(id: string): Promise<Answer> {
  return Answer.parse((await fixture.store.getArticle(id))?.answer);
}

describe("editing an article", () => {
  it("writes a part as one statement a line, with its citations, and reads it back", () => {
    expect(
      parseEditedText(
        "## First-line\nRest helps. [1, 2]\n~ Galen's framing.\n\nBracing helps. [pubmed:9][3]",
      ),
    ).toEqual([
      {
        label: "First-line",
        statements: [
          { line: 2, text: "Rest helps.", framing: false, cites: ["1", "2"] },
          { line: 3, text: "Galen's framing.", framing: true, cites: [] },
          { line: 5, text: "Bracing helps.", framing: false, cites: ["pubmed:9", "3"] },
        ],
      },
    ]);
    expect(() => parseEditedText("Rest helps.")).toThrow(/Line 1 cites nothing/);
  });

  it("saves a re-ordered, shortened section as a new version and keeps the old one", async () => {
    const { article, answer } = await newArticle();
    const section = answer.sections[1];
    expect(section).toBeDefined();
    const lines = editableText(answer, 1)
      .split("\n")
      .filter((line) => !line.startsWith("## "));
    expect(lines.length).toBeGreaterThan(1);
    const edited = [lines[1], lines[0]].join("\n");
    const saved = await editArticle(fixture.store, {
      articleId: article.id,
      actor: "ed@example.org",
      basedOn: 1,
      target: 1,
      text: edited,
      note: "lead with the key finding",
    });
    expect(saved).toMatchObject({ latestVersion: 2, status: "submitted" });
    const revised = await latestAnswer(article.id);
    expect(revised.sections[1]?.items.flatMap((item) => item.statements).map((s) => s.text)).toEqual(
      [lines[1], lines[0]].map((line) => line?.replace(/\s*\[[^\]]+\]$/, "")),
    );
    // Unchanged statements keep their verification; every citation points at a reference of the new version.
    const numbers = new Set(revised.references.map((reference) => reference.number));
    for (const statement of answerStatements(revised)) {
      for (const citation of statement.citations) expect(numbers.has(citation)).toBe(true);
    }
    expect(revised.references.map((reference) => reference.number)).toEqual(
      revised.references.map((_, index) => index + 1),
    );
    expect(Answer.parse((await fixture.store.getArticle(article.id, 1))?.answer)).toEqual(answer);
    const entries = await fixture.store.auditEntries();
    expect(entries.at(-1)).toMatchObject({
      actor: "ed@example.org",
      action: "article.edit",
      details: { version: 2, basedOn: 1, part: "section 2", note: "lead with the key finding" },
    });
  });

  it("refuses invented citations, unknown reference numbers and written framing", async () => {
    const { article, answer } = await newArticle();
    const base = { articleId: article.id, actor: "ed@example.org", basedOn: 1, target: 0 as const };
    await expect(
      editArticle(fixture.store, { ...base, text: "Bracing heals every defect. [pubmed:99999999]" }),
    ).rejects.toThrow(/pubmed:99999999, which is not in the corpus/);
    await expect(
      editArticle(fixture.store, { ...base, text: `Bracing helps. [${answer.references.length + 1}]` }),
    ).rejects.toThrow(/but the article has references 1–/);
    await expect(editArticle(fixture.store, { ...base, text: "~ Surgery is never needed." })).rejects.toThrow(
      /framing .* not written/,
    );
    expect((await fixture.store.articleSummary(article.id))?.latestVersion).toBe(1);
  });

  it("cites a corpus document by id, and flags a reworded claim its sources do not bear out", async () => {
    const { article } = await newArticle();
    const saved = await editArticle(fixture.store, {
      articleId: article.id,
      actor: "ed@example.org",
      basedOn: 1,
      target: "bottom-line",
      text: [
        "Spondylolysis is a stress fracture of the pars interarticularis. [fixture:spondylolysis-01]",
        "Homeopathy cures spondylolysis within 3 days. [fixture:spondylolysis-01]",
      ].join("\n"),
    });
    expect(saved.flaggedStatements).toBe(1);
    const revised = await latestAnswer(article.id);
    const [supported, invented] = revised.bottomLine;
    expect(supported?.flag).toBeUndefined();
    expect(supported?.quotes.length).toBeGreaterThan(0);
    expect(invented?.flag).toMatch(/not confirmed by its sources/);
    expect(revised.references.some((reference) => reference.id === "fixture:spondylolysis-01")).toBe(true);
  });

  it("refuses the second of two editors who saved on the same version (no lost update)", async () => {
    const { article, answer } = await newArticle();
    const text = editableText(answer, "bottom-line").split("\n").slice(0, 1).join("\n");
    const edit = { articleId: article.id, basedOn: 1, target: "bottom-line" as const, text };
    await editArticle(fixture.store, { ...edit, actor: "ed@example.org" });
    const second = editArticle(fixture.store, { ...edit, actor: "ed@example.org" });
    await expect(second).rejects.toBeInstanceOf(EditConflict);
    await expect(second).rejects.toMatchObject({ status: 409, basedOn: 1, latestVersion: 2 });
  });

  it("lets a reviewer edit only what they claimed, and keeps the approved version public after an edit", async () => {
    const { article, answer } = await newArticle();
    const text = editableText(answer, "bottom-line");
    const edit = { articleId: article.id, basedOn: 1, target: "bottom-line" as const, text };
    await expect(editArticle(fixture.store, { ...edit, actor: "ann@example.org" })).rejects.toMatchObject({
      status: 403,
    });
    await reviewArticle(fixture.store, { articleId: article.id, action: "claim", actor: "ann@example.org" });
    await expect(editArticle(fixture.store, { ...edit, actor: "bob@example.org" })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      reviewArticle(fixture.store, { articleId: article.id, action: "approve", actor: "bob@example.org" }),
    ).rejects.toMatchObject({ status: 403 });
    const edited = await editArticle(fixture.store, { ...edit, actor: "ann@example.org" });
    expect(edited).toMatchObject({ status: "under-review", latestVersion: 2, claimedBy: "ann@example.org" });
    await expect(
      reviewArticle(fixture.store, {
        articleId: article.id,
        action: "approve",
        actor: "ann@example.org",
        version: 1,
      }),
    ).rejects.toMatchObject({ status: 409 });
    const approved = await reviewArticle(fixture.store, {
      articleId: article.id,
      action: "approve",
      actor: "ann@example.org",
      version: 2,
    });
    expect(approved).toMatchObject({ status: "approved", approvedVersion: 2 });
    const again = await editArticle(fixture.store, { ...edit, basedOn: 2, actor: "ed@example.org" });
    expect(again).toMatchObject({ status: "submitted", latestVersion: 3, approvedVersion: 2 });
  });
});
