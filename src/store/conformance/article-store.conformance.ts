import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArticleStore } from "../article-store.ts";

/** What every engine's article store must do. */
export function describeArticleStoreConformance(
  engine: string,
  open: () => Promise<ArticleStore & { close(): Promise<void> }>,
): void {
  describe(`${engine} article store`, () => {
    let store: ArticleStore & { close(): Promise<void> };
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
      expect(saved.id).toMatch(/^[\w-]{12}$/);
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
        createdAt: saved.createdAt,
        updatedAt: saved.updatedAt,
      });
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
    });

    it("changes status only from the status the caller saw (no lost updates)", async () => {
      const saved = await store.saveArticle(article("Treatment for pars defect?", []));
      expect(
        await store.changeArticleStatus(saved.id, "submitted", "under-review", "Ann Reviewer, MD"),
      ).toMatchObject({
        status: "under-review",
        reviewedBy: "Ann Reviewer, MD",
      });
      // A second reviewer who also saw "submitted" loses the race and is told so.
      expect(await store.changeArticleStatus(saved.id, "submitted", "under-review", "Bob")).toBeUndefined();
      expect((await store.articleSummary(saved.id))?.reviewedBy).toBe("Ann Reviewer, MD");
      expect(await store.changeArticleStatus("missing", "submitted", "under-review")).toBeUndefined();
    });

    it("finds the articles that cite a document", async () => {
      const saved = await store.saveArticle(article("Treatment for pars defect?", ["pubmed:7"]));
      expect((await store.articlesCiting("pubmed:7")).map((item) => item.id)).toEqual([saved.id]);
      expect(await store.articlesCiting("pubmed:8")).toEqual([]);
    });
  });
}
