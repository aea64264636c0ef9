/** Where an article stands in the advisory board's review. */
export const REVIEW_STATUSES = [
  "submitted",
  "under-review",
  "approved",
  "changes-requested",
  "rejected",
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A published answer: the answer room's JSON for the physician, stored once; other readers' versions are derived. */
export interface Article {
  id: string;
  slug: string;
  question: string;
  questionType: string;
  status: ReviewStatus;
  /** The conversation the answer belongs to, for follow-ups. */
  threadId?: string;
  answer: unknown;
  /** The reviewer who approved (or last acted on) it, as shown on the page: "Dr A. Reviewer, MD (orthopaedics)". */
  reviewedBy?: string;
  /** Documents the answer cites, for "articles that cite this document". */
  cited: string[];
  createdAt: string;
  updatedAt: string;
}

export type NewArticle = Pick<Article, "slug" | "question" | "questionType" | "answer" | "cited"> & {
  threadId?: string;
};

export interface ArticleQuery {
  /** Words that the question must contain. */
  text?: string;
  status?: ReviewStatus;
  questionType?: string;
  limit: number;
  offset?: number;
}

export type ArticleSummary = Omit<Article, "answer" | "cited">;

/** Articles, as the web app and the review workflow read and write them. */
export interface ArticleStore {
  /** Saves a new article in Submitted. */
  saveArticle(article: NewArticle): Promise<Article>;
  getArticle(id: string): Promise<Article | undefined>;
  /** The article without its answer: a cheap check of status and freshness. */
  articleSummary(id: string): Promise<ArticleSummary | undefined>;
  /** Newest first. */
  listArticles(query: ArticleQuery): Promise<ArticleSummary[]>;
  articlesCiting(documentId: string): Promise<ArticleSummary[]>;
  /**
   * Moves an article from one status to another, only if it is still in `from` (optimistic concurrency); undefined
   * when it is not (someone else acted first) or does not exist.
   */
  changeArticleStatus(
    id: string,
    from: ReviewStatus,
    to: ReviewStatus,
    reviewedBy?: string,
  ): Promise<ArticleSummary | undefined>;
}
