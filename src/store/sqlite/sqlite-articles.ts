import type Database from "better-sqlite3";
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
  ArticleSummary,
  ArticleVersionInfo,
  NewArticle,
  NewArticleVersion,
  NewEvidence,
  ReviewComment,
  ReviewStatus,
  StatusChange,
} from "../article-store.ts";

/** Articles, their immutable versions, the documents they cite and review comments (migrations 5 and 8). */
export class SqliteArticles {
  constructor(private readonly db: Database.Database) {}

  save(article: NewArticle): Article {
    const fresh = newArticleId();
    const now = new Date().toISOString();
    const flagged = article.flaggedStatements ?? 0;
    const id = this.db.transaction(() => {
      const earlier = article.requestKey
        ? this.db
            .prepare<[string], { id: string }>("SELECT id FROM articles WHERE request_key = ?")
            .get(article.requestKey)
        : undefined;
      if (earlier) return earlier.id;
      this.db
        .prepare(
          "INSERT INTO articles (id, slug, question, question_type, status, thread_id, flagged_statements, request_key, created_at, updated_at) VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?)",
        )
        .run(
          fresh,
          article.slug,
          article.question,
          article.questionType,
          article.threadId ?? null,
          flagged,
          article.requestKey ?? null,
          now,
          now,
        );
      this.insertVersion(fresh, 1, { ...article, author: "galen", flaggedStatements: flagged }, now);
      return fresh;
    })();
    return this.get(id) as Article;
  }

  get(id: string, version?: number): Article | undefined {
    const article = this.summary(id);
    if (article === undefined) return undefined;
    const wanted = version ?? article.latestVersion;
    const row = this.db
      .prepare<[string, number], { answer: string }>(
        "SELECT answer FROM article_versions WHERE article_id = ? AND version = ?",
      )
      .get(id, wanted);
    if (row === undefined) return undefined;
    return { ...article, version: wanted, answer: JSON.parse(row.answer) as unknown, cited: this.cited(id) };
  }

  summary(id: string): ArticleSummary | undefined {
    const row = this.db
      .prepare<[string], ArticleRow>(`SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id = ?`)
      .get(id);
    return row === undefined ? undefined : articleSummary(row);
  }

  list(query: ArticleQuery): ArticleSummary[] {
    const where: string[] = [];
    const values: Array<string | number> = [];
    for (const word of (query.text ?? "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      where.push("lower(question) LIKE ? ESCAPE '\\'");
      values.push(`%${word}%`);
    }
    for (const [column, value] of [
      ["status", query.status],
      ["question_type", query.questionType],
      ["specialty", query.specialty],
    ] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      values.push(value);
    }
    if (query.published) where.push("approved_version IS NOT NULL");
    if (query.publicOnly) where.push("status <> 'rejected'");
    const order = query.oldestFirst ? "updated_at ASC, rowid ASC" : "rowid DESC";
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM articles ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${order} LIMIT ? OFFSET ?`;
    return this.db
      .prepare<Array<string | number>, ArticleRow>(sql)
      .all(...values, query.limit, query.offset ?? 0)
      .map(articleSummary);
  }

  versions(id: string): ArticleVersionInfo[] {
    return this.db
      .prepare<[string], VersionRow>(
        "SELECT version, author, note, flagged_statements, created_at FROM article_versions WHERE article_id = ? ORDER BY version",
      )
      .all(id)
      .map(versionInfo);
  }

  saveVersion(version: NewArticleVersion): ArticleSummary | undefined {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const next = version.basedOn + 1;
      const moved = this.db
        .prepare(
          `UPDATE articles SET latest_version = ?, status = ?, flagged_statements = ?, updated_at = ?,
             claimed_by = CASE WHEN ? = 'under-review' THEN claimed_by END
           WHERE id = ? AND latest_version = ?`,
        )
        .run(
          next,
          version.status,
          version.flaggedStatements,
          now,
          version.status,
          version.articleId,
          version.basedOn,
        );
      if (moved.changes === 0) return undefined;
      this.insertVersion(version.articleId, next, version, now);
      return this.summary(version.articleId);
    })();
  }

  changeStatus(
    id: string,
    from: ReviewStatus,
    to: ReviewStatus,
    change: StatusChange,
  ): ArticleSummary | undefined {
    const now = new Date().toISOString();
    const approving = change.approveVersion !== undefined;
    const changed = this.db
      .prepare(
        `UPDATE articles SET status = ?, reviewed_by = coalesce(?, reviewed_by),
           claimed_by = CASE WHEN ? THEN ? ELSE claimed_by END,
           approved_version = CASE WHEN ? THEN latest_version ELSE approved_version END,
           approved_at = CASE WHEN ? THEN ? ELSE approved_at END,
           new_evidence = CASE WHEN ? THEN NULL ELSE new_evidence END,
           updated_at = ?
         WHERE id = ? AND status = ? AND (? IS NULL OR latest_version = ?)`,
      )
      .run(
        to,
        change.reviewedBy ?? null,
        change.claimedBy !== undefined ? 1 : 0,
        change.claimedBy ?? null,
        approving ? 1 : 0,
        approving ? 1 : 0,
        now,
        approving ? 1 : 0,
        now,
        id,
        from,
        change.approveVersion ?? null,
        change.approveVersion ?? null,
      );
    return changed.changes === 0 ? undefined : this.summary(id);
  }

  flagNewEvidence(id: string, evidence: NewEvidence): ArticleSummary | undefined {
    const changed = this.db
      .prepare(
        `UPDATE articles SET new_evidence = ?, updated_at = ?,
           status = CASE status WHEN 'approved' THEN 'submitted' ELSE status END
         WHERE id = ?`,
      )
      .run(JSON.stringify(evidence), new Date().toISOString(), id);
    return changed.changes === 0 ? undefined : this.summary(id);
  }

  setSpecialty(id: string, specialty: string | undefined): ArticleSummary | undefined {
    const changed = this.db
      .prepare("UPDATE articles SET specialty = ? WHERE id = ?")
      .run(specialty ?? null, id);
    return changed.changes === 0 ? undefined : this.summary(id);
  }

  citing(documentId: string): ArticleSummary[] {
    return this.db
      .prepare<[string], ArticleRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id IN (SELECT article_id FROM article_citations WHERE document_id = ?) ORDER BY rowid DESC`,
      )
      .all(documentId)
      .map(articleSummary);
  }

  addComment(comment: Omit<ReviewComment, "id" | "createdAt">): ReviewComment {
    const createdAt = new Date().toISOString();
    const added = this.db
      .prepare(
        "INSERT INTO review_comments (article_id, version, anchor, author, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(comment.articleId, comment.version, comment.anchor, comment.author, comment.body, createdAt);
    return { ...comment, id: Number(added.lastInsertRowid), createdAt };
  }

  comments(articleId: string): ReviewComment[] {
    return this.db
      .prepare<[string], CommentRow>("SELECT * FROM review_comments WHERE article_id = ? ORDER BY id")
      .all(articleId)
      .map(reviewComment);
  }

  resolveComment(
    articleId: string,
    commentId: number,
    resolvedBy: string | undefined,
  ): ReviewComment | undefined {
    const changed = this.db
      .prepare("UPDATE review_comments SET resolved_at = ?, resolved_by = ? WHERE id = ? AND article_id = ?")
      .run(resolvedBy ? new Date().toISOString() : null, resolvedBy ?? null, commentId, articleId);
    if (changed.changes === 0) return undefined;
    const row = this.db
      .prepare<[number], CommentRow>("SELECT * FROM review_comments WHERE id = ?")
      .get(commentId);
    return row === undefined ? undefined : reviewComment(row);
  }

  private insertVersion(
    articleId: string,
    version: number,
    content: Pick<NewArticleVersion, "answer" | "cited" | "author" | "note" | "flaggedStatements">,
    at: string,
  ): void {
    this.db
      .prepare(
        "INSERT INTO article_versions (article_id, version, answer, author, note, flagged_statements, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        articleId,
        version,
        JSON.stringify(content.answer),
        content.author,
        content.note ?? null,
        content.flaggedStatements,
        at,
      );
    const cite = this.db.prepare(
      "INSERT OR IGNORE INTO article_citations (article_id, document_id) VALUES (?, ?)",
    );
    for (const documentId of content.cited) cite.run(articleId, documentId);
  }

  private cited(id: string): string[] {
    return this.db
      .prepare<[string], { document_id: string }>(
        "SELECT document_id FROM article_citations WHERE article_id = ?",
      )
      .all(id)
      .map((citation) => citation.document_id);
  }
}
