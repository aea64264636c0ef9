import { randomBytes } from "node:crypto";
import type {
  ArticleSummary,
  ArticleVersionInfo,
  NewEvidence,
  ReviewComment,
  ReviewStatus,
} from "./article-store.ts";

/** The articles table's columns, the same in every engine. */
export interface ArticleRow {
  id: string;
  slug: string;
  question: string;
  question_type: string;
  status: ReviewStatus;
  thread_id: string | null;
  reviewed_by: string | null;
  claimed_by: string | null;
  specialty: string | null;
  latest_version: number;
  approved_version: number | null;
  approved_at: string | null;
  flagged_statements: number;
  new_evidence: string | null;
  created_at: string;
  updated_at: string;
}

export const SUMMARY_COLUMNS =
  "id, slug, question, question_type, status, thread_id, reviewed_by, claimed_by, specialty, latest_version, approved_version, approved_at, flagged_statements, new_evidence, created_at, updated_at";

export interface VersionRow {
  version: number;
  author: string;
  note: string | null;
  flagged_statements: number;
  created_at: string;
}

export interface CommentRow {
  /** A number in SQLite; PostgreSQL's BIGSERIAL comes back as a string. */
  id: number | string;
  article_id: string;
  version: number;
  anchor: string;
  author: string;
  body: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export function articleSummary(row: ArticleRow): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    question: row.question,
    questionType: row.question_type,
    status: row.status,
    ...(row.thread_id ? { threadId: row.thread_id } : {}),
    ...(row.reviewed_by ? { reviewedBy: row.reviewed_by } : {}),
    ...(row.claimed_by ? { claimedBy: row.claimed_by } : {}),
    ...(row.specialty ? { specialty: row.specialty } : {}),
    latestVersion: row.latest_version,
    ...(row.approved_version ? { approvedVersion: row.approved_version } : {}),
    ...(row.approved_at ? { approvedAt: row.approved_at } : {}),
    flaggedStatements: row.flagged_statements,
    ...(row.new_evidence ? { newEvidence: JSON.parse(row.new_evidence) as NewEvidence } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function versionInfo(row: VersionRow): ArticleVersionInfo {
  return {
    version: row.version,
    author: row.author,
    ...(row.note ? { note: row.note } : {}),
    flaggedStatements: row.flagged_statements,
    createdAt: row.created_at,
  };
}

export function reviewComment(row: CommentRow): ReviewComment {
  return {
    id: Number(row.id),
    articleId: row.article_id,
    version: row.version,
    anchor: row.anchor,
    author: row.author,
    body: row.body,
    createdAt: row.created_at,
    ...(row.resolved_at ? { resolvedAt: row.resolved_at } : {}),
    ...(row.resolved_by ? { resolvedBy: row.resolved_by } : {}),
  };
}

/**
 * A new article id: twelve URL-safe characters, short enough for a link and far too many to guess. It never
 * starts with "-" or "_", so that `galen review <id>` cannot read it as an option.
 */
export function newArticleId(): string {
  for (;;) {
    const id = randomBytes(9).toString("base64url");
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}
