import { GalenError } from "../galen-error.ts";
import type { CorpusStore } from "./corpus-store.ts";
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
): Promise<CorpusStore> {
  if (location.databaseUrl) {
    throw new GalenError(
      "PostgreSQL is not supported by this version of Galen yet. Use the embedded SQLite store with --db <file>.",
      2,
    );
  }
  return openSqliteCorpusStore(location.db ?? DEFAULT_DB_PATH, options);
}
