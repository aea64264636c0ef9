import type { TransferredTable } from "./transfer-store.ts";

/** How each transferred table is read so that rows arrive in the order they were written (the same in every engine). */
export const TRANSFER_ORDER: Record<TransferredTable, string> = {
  threads: "created_at, id",
  thread_turns: "thread_id, position",
  articles: "rowid",
  article_citations: "article_id, document_id",
  article_versions: "article_id, version",
  review_comments: "id",
  accounts: "created_at, email",
  audit_log: "sequence",
  settings: "key",
};

/** Columns that hold yes/no: SQLite keeps them as 0 and 1. */
export const BOOLEAN_COLUMNS: ReadonlySet<string> = new Set(["disabled"]);
