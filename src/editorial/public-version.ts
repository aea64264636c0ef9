import type { Article, ArticleStore, ArticleSummary } from "../store/article-store.ts";

/**
 * The version readers see: the latest approved one, or — while none is approved — the latest, under the
 * pending-review banner. A rejected article is not public.
 */
export function publicVersion(article: ArticleSummary): number | undefined {
  if (article.status === "rejected") return undefined;
  return article.approvedVersion ?? article.latestVersion;
}

/** The article as readers see it, or undefined when there is none or it is not public. */
export async function publicArticle(store: ArticleStore, id: string): Promise<Article | undefined> {
  const summary = await store.articleSummary(id);
  const version = summary && publicVersion(summary);
  return version === undefined ? undefined : store.getArticle(id, version);
}

/** Whether the version shown is one the advisory board approved. */
export function isApprovedVersion(article: Pick<Article, "approvedVersion" | "version">): boolean {
  return article.approvedVersion !== undefined && article.approvedVersion === article.version;
}

/** "Last updated": the approval date of an approved version, otherwise when the article last changed. */
export function lastUpdated(
  article: Pick<Article, "approvedVersion" | "approvedAt" | "version" | "updatedAt">,
): string {
  return isApprovedVersion(article) && article.approvedAt ? article.approvedAt : article.updatedAt;
}
