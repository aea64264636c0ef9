export type { Account, AccountStore, NewAccount } from "./account-store.ts";
export {
  type Article,
  type ArticleQuery,
  type ArticleStore,
  type ArticleSummary,
  type ArticleVersionInfo,
  type NewArticle,
  type NewArticleVersion,
  type NewEvidence,
  REVIEW_STATUSES,
  type ReviewComment,
  type ReviewStatus,
  type StatusChange,
} from "./article-store.ts";
export {
  type AuditEntry,
  type AuditStore,
  auditHash,
  GENESIS_HASH,
  type NewAuditEntry,
} from "./audit-store.ts";
export type {
  BatchOutcome,
  CorpusBatch,
  CorpusStats,
  CorpusStore,
  LexicalHit,
  LexicalQuery,
  LexicalSearchOptions,
  Snippet,
  SourceCheckpoint,
} from "./corpus-store.ts";
export type { GalenStore } from "./galen-store.ts";
export { DEFAULT_DB_PATH, openCorpusStore, type StoreLocation } from "./open-store.ts";
export type { RateLimitStore } from "./rate-limit-store.ts";
export type { Session, SessionStore } from "./session-store.ts";
export type { SettingsStore } from "./settings-store.ts";
export { DEFAULT_FIELD_WEIGHTS, type FieldWeights } from "./sqlite/sqlite-corpus-store.ts";
export { type StoredDocument, toStoredDocument } from "./stored-document.ts";
export type { Thread, ThreadStore, ThreadTurn } from "./thread-store.ts";
export {
  TRANSFERRED_TABLES,
  type TransferRow,
  type TransferredTable,
  type TransferStore,
} from "./transfer-store.ts";
