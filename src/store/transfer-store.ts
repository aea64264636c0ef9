/**
 * The tables a whole installation is moved by, in an order that keeps every reference valid: conversations,
 * articles with their versions, citations and comments, accounts, the audit log (entries copied as written, so
 * the hash chain still verifies) and settings. Documents move through the corpus port (each engine builds its own
 * index); sessions are not moved (people sign in again).
 */
export const TRANSFERRED_TABLES = [
  "threads",
  "thread_turns",
  "articles",
  "article_citations",
  "article_versions",
  "review_comments",
  "accounts",
  "audit_log",
  "settings",
] as const;
export type TransferredTable = (typeof TRANSFERRED_TABLES)[number];

/** A table's rows by column name, with values every engine reads alike (text, numbers, booleans, null). */
export type TransferRow = Record<string, string | number | boolean | null>;

/** Moving an installation between engines: rows out of one store and into another, keys and times kept. */
export interface TransferStore {
  /** Every row of the table, in the order it was written. */
  exportRows(table: TransferredTable): Promise<TransferRow[]>;
  /** Writes rows as they are (same keys); the target table must not hold them yet. */
  importRows(table: TransferredTable, rows: readonly TransferRow[]): Promise<void>;
}
