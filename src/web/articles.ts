import { Answer } from "../answer/answer.ts";
import { personalizeAnswer } from "../answer/personalize-answer.ts";
import type { Reader } from "../audience/reader-profiles.ts";
import type { Article, ArticleSummary, ReviewStatus } from "../store/index.ts";

/** Values by key, at most `limit` of them, the oldest dropped first when full. */
class BoundedCache<T> {
  private readonly values = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(key: string): T | undefined {
    return this.values.get(key);
  }

  set(key: string, value: T): T {
    if (this.values.size >= this.limit) this.values.delete(this.values.keys().next().value ?? "");
    this.values.set(key, value);
    return value;
  }
}

/** Readers' versions of articles, derived once each: an article's evidence is stored once. */
export class ArticleVersions {
  private readonly cache = new BoundedCache<Answer>(500);

  version(article: Pick<Article, "id" | "version" | "answer">, reader: Reader): Answer {
    // Versions are immutable, so an article's id and version name its answer for good.
    const key = `${article.id}:${article.version}:${reader}`;
    return (
      this.cache.get(key) ?? this.cache.set(key, personalizeAnswer(Answer.parse(article.answer), reader))
    );
  }
}

/** Finished pages by key; a key names the article's version and reader. */
export class RenderedPages {
  private readonly cache = new BoundedCache<string>(500);

  async get(key: string, render: () => Promise<string | undefined>): Promise<string | undefined> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const html = await render();
    return html === undefined ? undefined : this.cache.set(key, html);
  }
}

/** An article's permalink. */
export function articlePath(article: Pick<ArticleSummary, "id" | "slug">): string {
  return `/articles/${article.id}/${article.slug}`;
}

export const STATUS_LABELS: Record<ReviewStatus, string> = {
  submitted: "Submitted",
  "under-review": "Under Review",
  approved: "Approved",
  "changes-requested": "Changes Requested",
  rejected: "Rejected",
};
