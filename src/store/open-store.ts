import { GalenError } from "../galen-error.ts";
import type { GalenStore } from "./galen-store.ts";
import type { PostgresOptions } from "./postgres/postgres-database.ts";
import { openSqliteCorpusStore, type SqliteStoreOptions } from "./sqlite/sqlite-corpus-store.ts";

/** Where the corpus lives: a SQLite file (the embedded default) or a PostgreSQL URL (GALEN_DATABASE_URL). */
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
    // Loaded only when asked for: the embedded store needs none of it.
    const { openPostgresStore } = await import("./postgres/postgres-store.ts");
    return openPostgresStore(location.databaseUrl, postgresOptionsFromEnvironment());
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? busyTimeoutFromEnvironment();
  const searchMemoryMb = wholeNumber("GALEN_SEARCH_MEMORY_MB", 0);
  return openSqliteCorpusStore(location.db ?? DEFAULT_DB_PATH, {
    ...(searchMemoryMb === undefined ? {} : { searchMemoryBytes: searchMemoryMb * 2 ** 20 }),
    ...options,
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
  });
}

/** GALEN_DATABASE_POOL, GALEN_STATEMENT_TIMEOUT_MS and GALEN_DATABASE_SCHEMA for the PostgreSQL store. */
function postgresOptionsFromEnvironment(): PostgresOptions {
  const poolSize = wholeNumber("GALEN_DATABASE_POOL", 1);
  const statementTimeoutMs = wholeNumber("GALEN_STATEMENT_TIMEOUT_MS", 0);
  const schema = process.env.GALEN_DATABASE_SCHEMA?.trim();
  return {
    ...(poolSize === undefined ? {} : { poolSize }),
    ...(statementTimeoutMs === undefined ? {} : { statementTimeoutMs }),
    ...(schema ? { schema } : {}),
  };
}

function wholeNumber(name: string, minimum: number): number | undefined {
  const text = process.env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw new GalenError(
      `${name} must be a whole number (${minimum} or more), not "${text}". Fix or unset it.`,
      2,
    );
  }
  return value;
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
