/** Where an article stands in the advisory board's review. */
export const REVIEW_STATUSES = [
  "submitted",
  "under-review",
  "approved",
  "changes-requested",
  "rejected",
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Documents that arrived after an article was approved and rank for its question, or sources it cites since retracted. */
export interface NewEvidence {
  /** When the check found them. */
  foundAt: string;
  /** Newly ingested documents that rank among the top results for the article's question. */
  documents: Array<{ id: string; title: string; rank: number }>;
  /** Cited documents now marked retracted. */
  retracted: string[];
}

/**
 * A published answer. Each edit makes a new immutable version (the answer room's JSON for the physician; other
 * readers' versions are derived); the article row says which version is the latest and which was last approved.
 */
export interface ArticleSummary {
  id: string;
  slug: string;
  question: string;
  questionType: string;
  status: ReviewStatus;
  /** The conversation the answer belongs to, for follow-ups. */
  threadId?: string;
  /** The reviewer who approved the approved version, as shown on the page: "Ann Reviewer, MD (orthopaedics)". */
  reviewedBy?: string;
  /** The board member (email) who has claimed it while Under Review. */
  claimedBy?: string;
  /** The clinical specialty an editor filed it under, for reviewers' queues. */
  specialty?: string;
  latestVersion: number;
  /** The version readers see once one has been approved; its approval date is the article's "Last updated". */
  approvedVersion?: number;
  approvedAt?: string;
  /** Statements of the latest version that claim verification flagged. */
  flaggedStatements: number;
  newEvidence?: NewEvidence;
  createdAt: string;
  updatedAt: string;
}

/** One version of an article, as stored: its answer and who made it, why. */
export interface ArticleVersionInfo {
  version: number;
  /** An account's email, or "galen" for the generated first version. */
  author: string;
  note?: string;
  flaggedStatements: number;
  createdAt: string;
}

export type Article = ArticleSummary & {
  /** The version this answer is. */
  version: number;
  answer: unknown;
  /** Documents the version cites, for "articles that cite this document". */
  cited: string[];
};

export type NewArticle = Pick<Article, "slug" | "question" | "questionType" | "answer" | "cited"> & {
  threadId?: string;
  flaggedStatements?: number;
  /**
   * What asked for it (a queued job's id): saving again with the same key returns the article saved the first
   * time, so a job retried after a worker's crash publishes no duplicate.
   */
  requestKey?: string;
};

export interface NewArticleVersion {
  articleId: string;
  /** The version the author edited: the save fails if another was saved since (optimistic concurrency). */
  basedOn: number;
  answer: unknown;
  cited: string[];
  author: string;
  note?: string;
  flaggedStatements: number;
  /** The status the article moves to (an edited approved article goes back for review). */
  status: ReviewStatus;
}

export interface ArticleQuery {
  /** Words that the question must contain. */
  text?: string;
  status?: ReviewStatus;
  questionType?: string;
  specialty?: string;
  /** Only articles with an approved version (what readers can read as reviewed). */
  published?: boolean;
  /** Leave out rejected articles (they are not public). */
  publicOnly?: boolean;
  /** Oldest first (a review queue) rather than newest first (a library). */
  oldestFirst?: boolean;
  limit: number;
  offset?: number;
}

/** What else changes with a status: the reviewer shown, the claim, and (on approval) the approved version. */
export interface StatusChange {
  /** Set with an approval: the approving reviewer as shown on the page. */
  reviewedBy?: string;
  /** The claimant's email, or null to release the claim. */
  claimedBy?: string | null;
  /** Approves the latest version, only if it is still this one (nobody saved a newer one meanwhile). */
  approveVersion?: number;
}

export interface ReviewComment {
  id: number;
  articleId: string;
  version: number;
  /** What it is about: "article", "section:2" or "statement:2.0.1" (section, item, statement). */
  anchor: string;
  author: string;
  body: string;
  createdAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
}

/** Articles, as the web app and the review workflow read and write them. */
export interface ArticleStore {
  /** Saves a new article in Submitted, as its version 1 (or returns the one saved before with its request key). */
  saveArticle(article: NewArticle): Promise<Article>;
  /** The article with one version's answer: the latest unless a version is named. */
  getArticle(id: string, version?: number): Promise<Article | undefined>;
  /** The article without its answer: a cheap check of status and freshness. */
  articleSummary(id: string): Promise<ArticleSummary | undefined>;
  /** Newest first unless asked for the oldest. */
  listArticles(query: ArticleQuery): Promise<ArticleSummary[]>;
  /** Articles any version of which cites a document. */
  articlesCiting(documentId: string): Promise<ArticleSummary[]>;
  /** Every version, oldest first. */
  articleVersions(id: string): Promise<ArticleVersionInfo[]>;
  /** Saves an edit as the next version; undefined when `basedOn` is no longer the latest (someone saved first). */
  saveArticleVersion(version: NewArticleVersion): Promise<ArticleSummary | undefined>;
  /**
   * Moves an article from one status to another, only if it is still in `from` (optimistic concurrency); undefined
   * when it is not (someone else acted first) or does not exist.
   */
  changeArticleStatus(
    id: string,
    from: ReviewStatus,
    to: ReviewStatus,
    change?: StatusChange,
  ): Promise<ArticleSummary | undefined>;
  /** Records new evidence for an approved article and sends it back to Submitted for re-review. */
  flagNewEvidence(id: string, evidence: NewEvidence): Promise<ArticleSummary | undefined>;
  /** Files an article under a specialty (or none). */
  setArticleSpecialty(id: string, specialty: string | undefined): Promise<ArticleSummary | undefined>;
  addReviewComment(comment: Omit<ReviewComment, "id" | "createdAt">): Promise<ReviewComment>;
  reviewComments(articleId: string): Promise<ReviewComment[]>;
  /** Resolves or reopens a comment; undefined when there is no such comment on that article. */
  resolveReviewComment(
    articleId: string,
    commentId: number,
    resolvedBy: string | undefined,
  ): Promise<ReviewComment | undefined>;
}
