import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type { Article, ArticleQuery, ArticleSummary, NewArticle, ReviewStatus } from "../article-store.ts";

interface ArticleRow {
  id: string;
  slug: string;
  question: string;
  question_type: string;
  status: ReviewStatus;
  thread_id: string | null;
  reviewed_by: string | null;
  created_at: string;
  updated_at: string;
}

const SUMMARY_COLUMNS =
  "id, slug, question, question_type, status, thread_id, reviewed_by, created_at, updated_at";

/** Articles and the documents they cite, in the corpus database (migration 5). */
export class SqliteArticles {
  constructor(private readonly db: Database.Database) {}

  save(article: NewArticle): Article {
    // Twelve URL-safe characters: short enough for a link, far too many to guess.
    const id = randomBytes(9).toString("base64url");
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO articles (id, slug, question, question_type, status, thread_id, answer, created_at, updated_at) VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?, ?)",
        )
        .run(
          id,
          article.slug,
          article.question,
          article.questionType,
          article.threadId ?? null,
          JSON.stringify(article.answer),
          now,
          now,
        );
      const cite = this.db.prepare(
        "INSERT OR IGNORE INTO article_citations (article_id, document_id) VALUES (?, ?)",
      );
      for (const documentId of article.cited) cite.run(id, documentId);
    })();
    return { ...article, id, status: "submitted", createdAt: now, updatedAt: now };
  }

  get(id: string): Article | undefined {
    const row = this.db
      .prepare<[string], ArticleRow & { answer: string }>(
        `SELECT ${SUMMARY_COLUMNS}, answer FROM articles WHERE id = ?`,
      )
      .get(id);
    if (row === undefined) return undefined;
    const cited = this.db
      .prepare<[string], { document_id: string }>(
        "SELECT document_id FROM article_citations WHERE article_id = ?",
      )
      .all(id)
      .map((citation) => citation.document_id);
    return { ...summary(row), answer: JSON.parse(row.answer) as unknown, cited };
  }

  summary(id: string): ArticleSummary | undefined {
    const row = this.db
      .prepare<[string], ArticleRow>(`SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id = ?`)
      .get(id);
    return row === undefined ? undefined : summary(row);
  }

  list(query: ArticleQuery): ArticleSummary[] {
    const where: string[] = [];
    const values: Array<string | number> = [];
    for (const word of (query.text ?? "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      where.push("lower(question) LIKE ? ESCAPE '\\'");
      values.push(`%${word}%`);
    }
    if (query.status) {
      where.push("status = ?");
      values.push(query.status);
    }
    if (query.questionType) {
      where.push("question_type = ?");
      values.push(query.questionType);
    }
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM articles ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY rowid DESC LIMIT ? OFFSET ?`;
    return this.db
      .prepare<Array<string | number>, ArticleRow>(sql)
      .all(...values, query.limit, query.offset ?? 0)
      .map(summary);
  }

  changeStatus(
    id: string,
    from: ReviewStatus,
    to: ReviewStatus,
    reviewedBy?: string,
  ): ArticleSummary | undefined {
    const changed = this.db
      .prepare(
        "UPDATE articles SET status = ?, reviewed_by = coalesce(?, reviewed_by), updated_at = ? WHERE id = ? AND status = ?",
      )
      .run(to, reviewedBy ?? null, new Date().toISOString(), id, from);
    return changed.changes === 0 ? undefined : this.summary(id);
  }

  citing(documentId: string): ArticleSummary[] {
    return this.db
      .prepare<[string], ArticleRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id IN (SELECT article_id FROM article_citations WHERE document_id = ?) ORDER BY rowid DESC`,
      )
      .all(documentId)
      .map(summary);
  }
}

function summary(row: ArticleRow): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    question: row.question,
    questionType: row.question_type,
    status: row.status,
    ...(row.thread_id ? { threadId: row.thread_id } : {}),
    ...(row.reviewed_by ? { reviewedBy: row.reviewed_by } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
