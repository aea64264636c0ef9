import { GalenError } from "../galen-error.ts";
import type { GalenStore } from "./galen-store.ts";
import { openSqliteCorpusStore, type SqliteStoreOptions } from "./sqlite/sqlite-corpus-store.ts";

/** Where the corpus lives: a SQLite file (the embedded default) or, later, a PostgreSQL URL. */
export interface StoreLocation {
  db?: string;
  databaseUrl?: string;
}

export const DEFAULT_DB_PATH = "./data/galen.db";

export async function openCorpusStore(
  location: StoreLocation,
  options: SqliteStoreOptions = {},
): Promise<GalenStore> {
  if (location.databaseUrl) {
    throw new GalenError(
      "PostgreSQL is not supported by this version of Galen yet. Use the embedded SQLite store with --db <file>.",
      2,
    );
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? busyTimeoutFromEnvironment();
  return openSqliteCorpusStore(location.db ?? DEFAULT_DB_PATH, {
    ...options,
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
  });
}

/** GALEN_BUSY_TIMEOUT_MS: how long to wait for another process's lock (tests and scripts want to fail fast). */
function busyTimeoutFromEnvironment(): number | undefined {
  const text = process.env.GALEN_BUSY_TIMEOUT_MS?.trim();
  if (!text) return undefined;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 0) {
    throw new GalenError(
      `GALEN_BUSY_TIMEOUT_MS must be a whole number of milliseconds (0 or more), not "${text}". Fix or unset it.`,
      2,
    );
  }
  return ms;
}
