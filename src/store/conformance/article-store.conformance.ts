import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArticleStore } from "../article-store.ts";
import type { SettingsStore } from "../settings-store.ts";

/** What every engine's article store must do. */
export function describeArticleStoreConformance(
  engine: string,
  open: () => Promise<ArticleStore & SettingsStore & { close(): Promise<void> }>,
): void {
  describe(`${engine} article store`, () => {
    let store: ArticleStore & SettingsStore & { close(): Promise<void> };
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const article = (question: string, cited: string[], questionType = "treatment") => ({
      slug: question.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      question,
      questionType,
      answer: { question, bottomLine: [] },
      cited,
    });

    it("saves an article in Submitted and reads it back whole", async () => {
      const saved = await store.saveArticle(article("Treatment for pars defect?", ["pubmed:1", "pubmed:2"]));
      expect(saved.status).toBe("submitted");
      expect(saved.id).toMatch(/^[A-Za-z0-9][\w-]{11}$/);
      const read = await store.getArticle(saved.id);
      expect(read).toMatchObject({
        question: "Treatment for pars defect?",
        status: "submitted",
        answer: { question: "Treatment for pars defect?" },
      });
      expect(read?.cited.sort()).toEqual(["pubmed:1", "pubmed:2"]);
      expect(await store.getArticle("missing")).toBeUndefined();
      expect(await store.articleSummary(saved.id)).toEqual({
        id: saved.id,
        slug: saved.slug,
        question: saved.question,
        questionType: "treatment",
        status: "submitted",
        latestVersion: 1,
        flaggedStatements: 0,
        createdAt: saved.createdAt,
        updatedAt: saved.updatedAt,
      });
      expect(read?.version).toBe(1);
    });

    it("lists newest first, searches questions by words, filters by status and type", async () => {
      await store.saveArticle(article("Treatment for pars defect?", []));
      await store.saveArticle(article("How is gout diagnosed?", [], "diagnosis"));
      const all = await store.listArticles({ limit: 10 });
      expect(all.map((item) => item.question)).toEqual([
        "How is gout diagnosed?",
        "Treatment for pars defect?",
      ]);
      expect(
        (await store.listArticles({ text: "PARS defect", limit: 10 })).map((item) => item.question),
      ).toEqual(["Treatment for pars defect?"]);
      expect(await store.listArticles({ text: "100%_", limit: 10 })).toEqual([]);
      expect((await store.listArticles({ questionType: "diagnosis", limit: 10 })).length).toBe(1);
      expect(await store.listArticles({ status: "approved", limit: 10 })).toEqual([]);
      const [diagnosis] = await store.listArticles({ questionType: "diagnosis", limit: 1 });
      await store.changeArticleStatus(diagnosis?.id ?? "", "submitted", "under-review", {});
      await store.changeArticleStatus(diagnosis?.id ?? "", "under-review", "rejected", {});
      expect(
        (await store.listArticles({ publicOnly: true, limit: 10 })).map((item) => item.question),
      ).toEqual(["Treatment for pars defect?"]);
    });

    it("changes status only from the status the caller saw (no lost updates)", async () => {
      const saved = await store.saveArticle(article("Treatment for pars defect?", []));
      expect(
        await store.changeArticleStatus(saved.id, "submitted", "under-review", {
          claimedBy: "ann@example.org",
        }),
      ).toMatchObject({
        status: "under-review",
        claimedBy: "ann@example.org",
      });
      // A second reviewer who also saw "submitted" loses the race and is told so.
      expect(
        await store.changeArticleStatus(saved.id, "submitted", "under-review", {
          claimedBy: "bob@example.org",
        }),
      ).toBeUndefined();
      expect((await store.articleSummary(saved.id))?.claimedBy).toBe("ann@example.org");
      expect(await store.changeArticleStatus("missing", "submitted", "under-review")).toBeUndefined();
    });

    it("saves an article once per request key (a retried job publishes no duplicate)", async () => {
      const first = await store.saveArticle({
        ...article("Treatment for pars defect?", []),
        requestKey: "job-1",
      });
      const again = await store.saveArticle({
        ...article("Treatment for pars defect?", []),
        requestKey: "job-1",
      });
      expect(again.id).toBe(first.id);
      const other = await store.saveArticle({
        ...article("Treatment for pars defect?", []),
        requestKey: "job-2",
      });
      expect(other.id).not.toBe(first.id);
      expect((await store.listArticles({ limit: 10 })).length).toBe(2);
    });

    it("finds the articles that cite a document", async () => {
      const saved = await store.saveArticle(article("Treatment for pars defect?", ["pubmed:7"]));
      expect((await store.articlesCiting("pubmed:7")).map((item) => item.id)).toEqual([saved.id]);
      expect(await store.articlesCiting("pubmed:8")).toEqual([]);
    });
    it("keeps every version: an edit is saved only on top of the latest (no lost updates)", async () => {
      const saved = await store.saveArticle(article("Treatment for pars defect?", ["pubmed:1"]));
      const edit = (basedOn: number, text: string) => ({
        articleId: saved.id,
        basedOn,
        answer: { question: saved.question, bottomLine: [text] },
        cited: ["pubmed:2"],
        author: "ed@example.org",
        note: "clearer wording",
        flaggedStatements: 1,
        status: "submitted" as const,
      });
      expect(await store.saveArticleVersion(edit(1, "first editor"))).toMatchObject({
        latestVersion: 2,
        flaggedStatements: 1,
      });
      // The second editor also started from version 1: refused, never a silent overwrite.
      expect(await store.saveArticleVersion(edit(1, "second editor"))).toBeUndefined();
      expect((await store.getArticle(saved.id))?.answer).toMatchObject({ bottomLine: ["first editor"] });
      expect((await store.getArticle(saved.id, 1))?.answer).toEqual({
        question: saved.question,
        bottomLine: [],
      });
      expect(await store.getArticle(saved.id, 9)).toBeUndefined();
      expect(
        (await store.articleVersions(saved.id)).map((v) => [v.version, v.author, v.note ?? null]),
      ).toEqual([
        [1, "galen", null],
        [2, "ed@example.org", "clearer wording"],
      ]);
      expect((await store.articlesCiting("pubmed:2")).map((item) => item.id)).toEqual([saved.id]);
    });

    it("approves only the version the reviewer read and dates the approval", async () => {
      const saved = await store.saveArticle(article("Treatment for pars defect?", []));
      await store.changeArticleStatus(saved.id, "submitted", "under-review", {
        claimedBy: "ann@example.org",
      });
      expect(
        await store.changeArticleStatus(saved.id, "under-review", "approved", { approveVersion: 2 }),
      ).toBeUndefined();
      const approved = await store.changeArticleStatus(saved.id, "under-review", "approved", {
        approveVersion: 1,
        reviewedBy: "Ann Reviewer, MD",
        claimedBy: null,
      });
      expect(approved).toMatchObject({
        status: "approved",
        approvedVersion: 1,
        reviewedBy: "Ann Reviewer, MD",
      });
      expect(approved?.claimedBy).toBeUndefined();
      expect(approved?.approvedAt).toMatch(/^\d{4}-/);
    });

    it("flags new evidence and sends an approved article back for review", async () => {
      const saved = await store.saveArticle(article("Treatment for pars defect?", []));
      await store.changeArticleStatus(saved.id, "submitted", "under-review", {});
      await store.changeArticleStatus(saved.id, "under-review", "approved", { approveVersion: 1 });
      const evidence = {
        foundAt: new Date().toISOString(),
        documents: [{ id: "pubmed:9", title: "A new trial", rank: 2 }],
        retracted: [],
      };
      expect(await store.flagNewEvidence(saved.id, evidence)).toMatchObject({
        status: "submitted",
        approvedVersion: 1,
        newEvidence: evidence,
      });
      expect(await store.flagNewEvidence("missing", evidence)).toBeUndefined();
      expect((await store.listArticles({ published: true, limit: 10 })).map((item) => item.id)).toEqual([
        saved.id,
      ]);
    });

    it("files articles by specialty and lists a queue oldest first", async () => {
      const first = await store.saveArticle(article("Treatment for pars defect?", []));
      await store.saveArticle(article("How is gout diagnosed?", [], "diagnosis"));
      await store.setArticleSpecialty(first.id, "orthopaedics");
      expect(
        (await store.listArticles({ specialty: "orthopaedics", limit: 10 })).map((item) => item.id),
      ).toEqual([first.id]);
      expect(
        (await store.listArticles({ status: "submitted", oldestFirst: true, limit: 10 }))[0]?.question,
      ).toBe("Treatment for pars defect?");
    });

    it("keeps review comments on a part of an article, resolved and reopened", async () => {
      const saved = await store.saveArticle(article("Treatment for pars defect?", []));
      const comment = await store.addReviewComment({
        articleId: saved.id,
        version: 1,
        anchor: "statement:0.0.1",
        author: "ann@example.org",
        body: "Cite the guideline here.",
      });
      expect(comment.id).toBeGreaterThan(0);
      expect(await store.resolveReviewComment(saved.id, comment.id, "ed@example.org")).toMatchObject({
        resolvedBy: "ed@example.org",
      });
      expect((await store.resolveReviewComment(saved.id, comment.id, undefined))?.resolvedAt).toBeUndefined();
      expect(await store.resolveReviewComment("other", comment.id, "ed@example.org")).toBeUndefined();
      expect((await store.reviewComments(saved.id)).map((c) => c.body)).toEqual(["Cite the guideline here."]);
    });

    it("keeps settings", async () => {
      expect(await store.getSetting("editorial-policy")).toBeUndefined();
      await store.setSetting("editorial-policy", "First text");
      await store.setSetting("editorial-policy", "Second text");
      expect(await store.getSetting("editorial-policy")).toBe("Second text");
    });
  });
}
