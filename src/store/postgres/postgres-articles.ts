import {
  type ArticleRow,
  articleSummary,
  type CommentRow,
  newArticleId,
  reviewComment,
  SUMMARY_COLUMNS,
  type VersionRow,
  versionInfo,
} from "../article-rows.ts";
import type {
  Article,
  ArticleQuery,
  ArticleStore,
  ArticleSummary,
  ArticleVersionInfo,
  NewArticle,
  NewArticleVersion,
  NewEvidence,
  ReviewComment,
  ReviewStatus,
  StatusChange,
} from "../article-store.ts";
import type { PostgresDatabase, Queryable } from "./postgres-database.ts";

type VersionContent = Pick<NewArticleVersion, "answer" | "cited" | "author" | "note" | "flaggedStatements">;

const COMMENT_COLUMNS = "id, article_id, version, anchor, author, body, created_at, resolved_at, resolved_by";

/** The largest value of an INTEGER column (article versions). */
const MAX_INTEGER = 2_147_483_647;

/** Articles, their immutable versions, the documents they cite and review comments (migration 2). */
export class PostgresArticles implements ArticleStore {
  constructor(private readonly db: PostgresDatabase) {}

  async saveArticle(article: NewArticle): Promise<Article> {
    const fresh = newArticleId();
    const now = new Date().toISOString();
    const flagged = article.flaggedStatements ?? 0;
    const id = await this.db.transaction(async (tx) => {
      // With a request key, a second save (a retried job) finds the first one's article instead.
      const inserted = await tx.row<{ id: string }>(
        `INSERT INTO articles (id, slug, question, question_type, status, thread_id, flagged_statements, request_key, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $8)
         ON CONFLICT (request_key) WHERE request_key IS NOT NULL DO NOTHING RETURNING id`,
        [
          fresh,
          article.slug,
          article.question,
          article.questionType,
          article.threadId ?? null,
          flagged,
          article.requestKey ?? null,
          now,
        ],
      );
      if (inserted === undefined) {
        const earlier = await tx.row<{ id: string }>("SELECT id FROM articles WHERE request_key = $1", [
          article.requestKey,
        ]);
        return earlier?.id ?? fresh;
      }
      await this.insertVersion(
        tx,
        fresh,
        1,
        { ...article, author: "galen", flaggedStatements: flagged },
        now,
      );
      return fresh;
    });
    return (await this.getArticle(id)) as Article;
  }

  async getArticle(id: string, version?: number): Promise<Article | undefined> {
    if (version !== undefined && !isVersionNumber(version)) return undefined;
    const article = await this.articleSummary(id);
    if (article === undefined) return undefined;
    const wanted = version ?? article.latestVersion;
    const row = await this.db.row<{ answer: string }>(
      "SELECT answer FROM article_versions WHERE article_id = $1 AND version = $2",
      [id, wanted],
    );
    if (row === undefined) return undefined;
    return {
      ...article,
      version: wanted,
      answer: JSON.parse(row.answer) as unknown,
      cited: await this.citedDocuments(id),
    };
  }

  async articleSummary(id: string): Promise<ArticleSummary | undefined> {
    const row = await this.db.row<ArticleRow>(`SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id = $1`, [id]);
    return row === undefined ? undefined : articleSummary(row);
  }

  async listArticles(query: ArticleQuery): Promise<ArticleSummary[]> {
    const values: unknown[] = [];
    const parameter = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    const where: string[] = [];
    for (const word of questionWords(query.text)) {
      where.push(`question ILIKE ${parameter(`%${escapeLike(word)}%`)} ESCAPE '\\'`);
    }
    for (const [column, value] of [
      ["status", query.status],
      ["question_type", query.questionType],
      ["specialty", query.specialty],
    ] as const) {
      if (value !== undefined) where.push(`${column} = ${parameter(value)}`);
    }
    if (query.published) where.push("approved_version IS NOT NULL");
    if (query.publicOnly) where.push("status <> 'rejected'");
    const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    const order = query.oldestFirst ? "updated_at ASC, rowid ASC" : "rowid DESC";
    const page = `LIMIT ${parameter(query.limit)} OFFSET ${parameter(query.offset ?? 0)}`;
    const rows = await this.db.rows<ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles ${filter} ORDER BY ${order} ${page}`,
      values,
    );
    return rows.map(articleSummary);
  }

  async articlesCiting(documentId: string): Promise<ArticleSummary[]> {
    const rows = await this.db.rows<ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles
       WHERE id IN (SELECT article_id FROM article_citations WHERE document_id = $1)
       ORDER BY rowid DESC`,
      [documentId],
    );
    return rows.map(articleSummary);
  }

  async articleVersions(id: string): Promise<ArticleVersionInfo[]> {
    const rows = await this.db.rows<VersionRow>(
      "SELECT version, author, note, flagged_statements, created_at FROM article_versions WHERE article_id = $1 ORDER BY version",
      [id],
    );
    return rows.map(versionInfo);
  }

  async saveArticleVersion(version: NewArticleVersion): Promise<ArticleSummary | undefined> {
    const now = new Date().toISOString();
    const next = version.basedOn + 1;
    return this.db.transaction(async (tx) => {
      // Only on top of the version the author edited; a claim survives only a move to Under Review.
      const row = await tx.row<ArticleRow>(
        `UPDATE articles SET latest_version = $1, status = $2, flagged_statements = $3, updated_at = $4,
           claimed_by = CASE WHEN $2 = 'under-review' THEN claimed_by END
         WHERE id = $5 AND latest_version = $6
         RETURNING ${SUMMARY_COLUMNS}`,
        [next, version.status, version.flaggedStatements, now, version.articleId, version.basedOn],
      );
      if (row === undefined) return undefined;
      await this.insertVersion(tx, version.articleId, next, version, now);
      return articleSummary(row);
    });
  }

  async changeArticleStatus(
    id: string,
    from: ReviewStatus,
    to: ReviewStatus,
    change: StatusChange = {},
  ): Promise<ArticleSummary | undefined> {
    const now = new Date().toISOString();
    const approving = change.approveVersion !== undefined;
    // Approving clears the new evidence that sent the article back, and only if the latest version is the one read.
    const row = await this.db.row<ArticleRow>(
      `UPDATE articles SET status = $1, reviewed_by = coalesce($2, reviewed_by),
         claimed_by = CASE WHEN $3::boolean THEN $4 ELSE claimed_by END,
         approved_version = CASE WHEN $5::boolean THEN latest_version ELSE approved_version END,
         approved_at = CASE WHEN $5::boolean THEN $6 ELSE approved_at END,
         new_evidence = CASE WHEN $5::boolean THEN NULL ELSE new_evidence END,
         updated_at = $6
       WHERE id = $7 AND status = $8 AND ($9::integer IS NULL OR latest_version = $9::integer)
       RETURNING ${SUMMARY_COLUMNS}`,
      [
        to,
        change.reviewedBy ?? null,
        change.claimedBy !== undefined,
        change.claimedBy ?? null,
        approving,
        now,
        id,
        from,
        change.approveVersion ?? null,
      ],
    );
    return row === undefined ? undefined : articleSummary(row);
  }

  async flagNewEvidence(id: string, evidence: NewEvidence): Promise<ArticleSummary | undefined> {
    const row = await this.db.row<ArticleRow>(
      `UPDATE articles SET new_evidence = $1, updated_at = $2,
         status = CASE status WHEN 'approved' THEN 'submitted' ELSE status END
       WHERE id = $3
       RETURNING ${SUMMARY_COLUMNS}`,
      [JSON.stringify(evidence), new Date().toISOString(), id],
    );
    return row === undefined ? undefined : articleSummary(row);
  }

  async setArticleSpecialty(id: string, specialty: string | undefined): Promise<ArticleSummary | undefined> {
    const row = await this.db.row<ArticleRow>(
      `UPDATE articles SET specialty = $1 WHERE id = $2 RETURNING ${SUMMARY_COLUMNS}`,
      [specialty ?? null, id],
    );
    return row === undefined ? undefined : articleSummary(row);
  }

  async addReviewComment(comment: Omit<ReviewComment, "id" | "createdAt">): Promise<ReviewComment> {
    const createdAt = new Date().toISOString();
    const row = await this.db.row<{ id: string }>(
      `INSERT INTO review_comments (article_id, version, anchor, author, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [comment.articleId, comment.version, comment.anchor, comment.author, comment.body, createdAt],
    );
    return { ...comment, id: Number(row?.id), createdAt };
  }

  async reviewComments(articleId: string): Promise<ReviewComment[]> {
    const rows = await this.db.rows<CommentRow>(
      `SELECT ${COMMENT_COLUMNS} FROM review_comments WHERE article_id = $1 ORDER BY id`,
      [articleId],
    );
    return rows.map(reviewComment);
  }

  async resolveReviewComment(
    articleId: string,
    commentId: number,
    resolvedBy: string | undefined,
  ): Promise<ReviewComment | undefined> {
    // A number that no BIGSERIAL can be names no comment (and would be refused by the server).
    if (!Number.isSafeInteger(commentId)) return undefined;
    const row = await this.db.row<CommentRow>(
      `UPDATE review_comments SET resolved_at = $1, resolved_by = $2
       WHERE id = $3 AND article_id = $4
       RETURNING ${COMMENT_COLUMNS}`,
      [resolvedBy ? new Date().toISOString() : null, resolvedBy ?? null, commentId, articleId],
    );
    return row === undefined ? undefined : reviewComment(row);
  }

  /** Stores one version's answer and adds the documents it cites to the article's citations. */
  private async insertVersion(
    tx: Queryable,
    articleId: string,
    version: number,
    content: VersionContent,
    at: string,
  ): Promise<void> {
    await tx.run(
      `INSERT INTO article_versions (article_id, version, answer, author, note, flagged_statements, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        articleId,
        version,
        JSON.stringify(content.answer),
        content.author,
        content.note ?? null,
        content.flaggedStatements,
        at,
      ],
    );
    await tx.run(
      `INSERT INTO article_citations (article_id, document_id)
       SELECT $1, document_id FROM unnest($2::text[]) AS cited (document_id)
       ON CONFLICT DO NOTHING`,
      [articleId, content.cited],
    );
  }

  /** Every document any version of the article cites. */
  private async citedDocuments(articleId: string): Promise<string[]> {
    const rows = await this.db.rows<{ document_id: string }>(
      "SELECT document_id FROM article_citations WHERE article_id = $1",
      [articleId],
    );
    return rows.map((citation) => citation.document_id);
  }
}

/** The words a question must contain: runs of letters and digits, lower-cased. */
function questionWords(text: string | undefined): string[] {
  return (text ?? "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A word matched literally by LIKE: its wildcards and the escape character escaped. */
function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Whether a number can name a version (an INTEGER column), so that asking for any other finds nothing. */
function isVersionNumber(version: number): boolean {
  return Number.isInteger(version) && Math.abs(version) <= MAX_INTEGER;
}
