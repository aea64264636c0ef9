import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureStore } from "../../test/fixture-store.ts";
import { Answer } from "../answer/answer.ts";
import { askQuestion } from "../answer/ask-question.ts";
import { ingestSources } from "../ingest/ingest-sources.ts";
import { planSources } from "../ingest/source-format.ts";
import { checkLivingEvidence } from "./living-evidence.ts";
import { publishAnswer } from "./publish-answer.ts";
import { reviewArticle } from "./review-article.ts";

let fixture: Awaited<ReturnType<typeof fixtureStore>>;
const folder = mkdtempSync(join(tmpdir(), "galen-living-"));

beforeAll(async () => {
  fixture = await fixtureStore();
  await fixture.store.createAccount({
    email: "ann@example.org",
    name: "Ann Reviewer",
    role: "reviewer",
    passwordHash: "unused",
  });
});

afterAll(async () => {
  await fixture.remove();
  rmSync(folder, { recursive: true, force: true });
});

/** An invented trial squarely on the article's question, published after its approval. */
const NEW_TRIAL = {
  id: "fixture:spondylolysis-new-trial",
  source: "fixture",
  title:
    "Early rehabilitation versus rest for the treatment of lumbar spondylolysis (pars defect) in adolescent athletes: a randomized trial",
  abstract: [
    {
      label: "RESULTS",
      text: "In adolescent athletes with lumbar spondylolysis, early rehabilitation shortened return to sport compared with rest, with similar rates of bony healing of the pars interarticularis defect.",
    },
  ],
  publicationDate: { year: 2026 },
  authors: [],
  publicationTypes: ["Journal Article", "Randomized Controlled Trial"],
  mesh: [{ descriptor: "Spondylolysis", majorTopic: true }],
  keywords: ["spondylolysis", "pars defect", "treatment"],
  language: "eng",
};

async function ingestLines(name: string, documents: readonly unknown[]): Promise<void> {
  const path = join(folder, `${name}.jsonl`);
  writeFileSync(path, `${documents.map((document) => JSON.stringify(document)).join("\n")}\n`);
  await ingestSources(fixture.store, await planSources([path]));
}

async function approvedArticle() {
  const answer = await askQuestion(fixture.store, "What is the treatment for pars defect?");
  const article = await publishAnswer(fixture.store, answer);
  await reviewArticle(fixture.store, { articleId: article.id, action: "claim", actor: "ann@example.org" });
  await reviewArticle(fixture.store, { articleId: article.id, action: "approve", actor: "ann@example.org" });
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { article, answer };
}

describe("living evidence", () => {
  it("leaves an approved article alone while nothing new ranks for its question", async () => {
    const { article } = await approvedArticle();
    expect(await checkLivingEvidence(fixture.store)).toEqual([]);
    expect((await fixture.store.articleSummary(article.id))?.status).toBe("approved");
  });

  it("flags a new trial that ranks for the question and a retracted cited source, and re-queues the article", async () => {
    const { article, answer } = await approvedArticle();
    const cited = answer.references[0]?.id ?? "";
    const citedDocument = await fixture.store.getDocument(cited);
    await ingestLines("update", [NEW_TRIAL, { ...citedDocument, retracted: true }]);
    const findings = await checkLivingEvidence(fixture.store);
    const finding = findings.find((found) => found.article.id === article.id);
    expect(finding?.evidence.documents.map((document) => document.id)).toContain(NEW_TRIAL.id);
    expect(finding?.evidence.retracted).toEqual([cited]);
    const summary = await fixture.store.articleSummary(article.id);
    expect(summary).toMatchObject({ status: "submitted", approvedVersion: 1 });
    expect(summary?.newEvidence?.documents[0]?.rank).toBeLessThanOrEqual(10);
    // Readers keep the approved version; the audit log says why the article is back.
    expect(Answer.parse((await fixture.store.getArticle(article.id, 1))?.answer).question).toBe(
      answer.question,
    );
    expect((await fixture.store.auditEntries()).at(-1)).toMatchObject({
      actor: "galen",
      action: "article.new-evidence",
      details: { from: "approved", to: "submitted" },
    });
    // Nothing has grown since: the next check does not flag it again.
    expect((await checkLivingEvidence(fixture.store)).map((found) => found.article.id)).not.toContain(
      article.id,
    );
  });
});
