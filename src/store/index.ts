export type { Account, AccountStore, NewAccount } from "./account-store.ts";
export {
  type Article,
  type ArticleQuery,
  type ArticleStore,
  type ArticleSummary,
  type NewArticle,
  REVIEW_STATUSES,
  type ReviewStatus,
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
export type { Session, SessionStore } from "./session-store.ts";
export { DEFAULT_FIELD_WEIGHTS, type FieldWeights } from "./sqlite/sqlite-corpus-store.ts";
export { type StoredDocument, toStoredDocument } from "./stored-document.ts";
export type { Thread, ThreadStore, ThreadTurn } from "./thread-store.ts";
