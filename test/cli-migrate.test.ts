import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Answer } from "../src/answer/answer.ts";
import { askQuestion } from "../src/answer/ask-question.ts";
import { editArticle, editableText } from "../src/editorial/edit-article.ts";
import { publishAnswer } from "../src/editorial/publish-answer.ts";
import { reviewArticle } from "../src/editorial/review-article.ts";
import { ingestSources } from "../src/ingest/ingest-sources.ts";
import { planSources } from "../src/ingest/source-format.ts";
import { openCorpusStore } from "../src/store/index.ts";
import { ANSWER_FIXTURE } from "./fixture-store.ts";
import { createDatabase, postgresMissing } from "./postgres-server.ts";
import { makeTempDir, removeTempDir, runGalen } from "./run-galen.ts";

const serverUrl = inject("postgresUrl");
const folder = makeTempDir();
const sqlite = join(folder, "galen.db");
let target = "";

afterAll(() => removeTempDir(folder));

/** A small but complete installation: corpus, an approved then edited article with a comment, two accounts. */
async function buildInstallation(): Promise<string> {
  const store = await openCorpusStore({ db: sqlite });
  await ingestSources(store, await planSources([ANSWER_FIXTURE]));
  await store.createAccount({
    email: "ann@example.org",
    name: "Ann",
    role: "reviewer",
    passwordHash: "scrypt$x",
  });
  await store.createAccount({
    email: "ed@example.org",
    name: "Ed",
    role: "editor",
    passwordHash: "scrypt$y",
  });
  const answer = await askQuestion(store, "What is the treatment for pars defect?");
  const article = await publishAnswer(store, answer);
  await reviewArticle(store, { articleId: article.id, action: "claim", actor: "ann@example.org" });
  await reviewArticle(store, { articleId: article.id, action: "approve", actor: "ann@example.org" });
  await editArticle(store, {
    articleId: article.id,
    actor: "ed@example.org",
    basedOn: 1,
    target: "bottom-line",
    text: editableText(answer, "bottom-line").split("\n").slice(1).join("\n"),
    note: "shorter",
  });
  await store.addReviewComment({
    articleId: article.id,
    version: 2,
    anchor: "bottom-line",
    author: "Ann",
    body: "Check the first line.",
  });
  await store.setSetting("editorial-policy", "Our board reviews every article.");
  await store.close();
  return article.id;
}

describe.skipIf(serverUrl === "")(
  `galen migrate ${serverUrl === "" ? `(skipped: ${postgresMissing()})` : ""}`,
  () => {
    let articleId = "";

    beforeAll(async () => {
      target = await createDatabase(serverUrl, `migrate_${process.pid}`);
      articleId = await buildInstallation();
    });

    it("copies a SQLite installation into PostgreSQL with articles, versions, accounts and an intact audit chain", async () => {
      const copied = await runGalen(["migrate", "--from", sqlite, "--to", target, "--json"]);
      expect(copied.stderr).toBe("");
      expect(copied.code).toBe(0);
      const report = JSON.parse(copied.stdout) as {
        documents: number;
        rows: Record<string, number>;
        auditIntact: boolean;
      };
      expect(report).toMatchObject({
        documents: 30,
        auditIntact: true,
        rows: { articles: 1, article_versions: 2, accounts: 2, review_comments: 1, settings: 1 },
      });

      const before = await openCorpusStore({ db: sqlite });
      const after = await openCorpusStore({ databaseUrl: target });
      try {
        const original = await before.articleSummary(articleId);
        expect(await after.articleSummary(articleId)).toEqual(original);
        for (const version of [1, 2]) {
          const [a, b] = await Promise.all([
            before.getArticle(articleId, version),
            after.getArticle(articleId, version),
          ]);
          expect(Answer.parse(b?.answer)).toEqual(Answer.parse(a?.answer));
        }
        expect(await after.articleVersions(articleId)).toEqual(await before.articleVersions(articleId));
        expect(await after.reviewComments(articleId)).toEqual(await before.reviewComments(articleId));
        expect((await after.findAccount("ed@example.org"))?.passwordHash).toBe("scrypt$y");
        expect(await after.auditEntries()).toEqual(await before.auditEntries());
        expect(await after.getSetting("editorial-policy")).toBe("Our board reviews every article.");
        // Documents keep their times, so living evidence does not take the whole corpus for new evidence.
        expect(await after.documentsAfter(undefined, 3)).toEqual(await before.documentsAfter(undefined, 3));
        const hits = await after.searchLexical({ terms: ["spondylolysis"] }, { limit: 3 });
        expect(hits.length).toBe(3);
        // New comments continue the numbering.
        const next = await after.addReviewComment({
          articleId,
          version: 2,
          anchor: "article",
          author: "Ed",
          body: "Fine.",
        });
        expect(next.id).toBeGreaterThan((await before.reviewComments(articleId))[0]?.id ?? 0);
      } finally {
        await before.close();
        await after.close();
      }
      const verified = await runGalen(["audit", "verify", "--database-url", target]);
      expect(verified.stdout).toMatch(/^The audit log is intact: \d+ entries/);
    });

    it("refuses to copy into a database that already holds an installation, and asks for both ends", async () => {
      const again = await runGalen(["migrate", "--from", sqlite, "--to", target]);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(
        /The target already holds 30 documents, articles, accounts\. Copy into an empty database\./,
      );
      const half = await runGalen(["migrate", "--from", sqlite]);
      expect(half.code).toBe(2);
      expect(half.stderr).toContain("Give both --from <sqlite-file> and --to <postgres-url>, or neither.");
      const wrong = await runGalen(["migrate", "--from", sqlite, "--to", join(folder, "other.db")]);
      expect(wrong.stderr).toMatch(/--to must be a PostgreSQL URL/);
    });
  },
);
