import type { AccountStore } from "./account-store.ts";
import type { ArticleStore } from "./article-store.ts";
import type { AuditStore } from "./audit-store.ts";
import type { CorpusStore } from "./corpus-store.ts";
import type { RateLimitStore } from "./rate-limit-store.ts";
import type { SessionStore } from "./session-store.ts";
import type { SettingsStore } from "./settings-store.ts";
import type { ThreadStore } from "./thread-store.ts";
import type { TransferStore } from "./transfer-store.ts";

/** Everything Galen keeps, in one database: the corpus, conversations, articles, accounts, sessions, audit log, settings. */
export type GalenStore = CorpusStore &
  ThreadStore &
  ArticleStore &
  AccountStore &
  AuditStore &
  SessionStore &
  SettingsStore &
  TransferStore &
  RateLimitStore;
