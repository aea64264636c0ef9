import { GalenError } from "../../galen-error.ts";
import type { GalenStore } from "../galen-store.ts";
import { migratePostgres } from "./migrations.ts";
import { PostgresAccounts } from "./postgres-accounts.ts";
import { PostgresArticles } from "./postgres-articles.ts";
import { PostgresAuditLog } from "./postgres-audit-log.ts";
import { PostgresCorpus } from "./postgres-corpus.ts";
import { PostgresDatabase, type PostgresOptions } from "./postgres-database.ts";
import { PostgresRateEvents } from "./postgres-rate-events.ts";
import { PostgresSettings } from "./postgres-settings.ts";
import { PostgresThreads } from "./postgres-threads.ts";
import { PostgresTransfer } from "./postgres-transfer.ts";

export type PostgresStore = GalenStore & { close(): Promise<void> };

/**
 * Galen's store on PostgreSQL: the same ports as the embedded SQLite store, one part per port, over one pool.
 * Opening applies any migrations not yet applied (under an advisory lock, so app servers and workers may start
 * together).
 */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
  if (options.schema !== undefined) checkedSchema(options.schema);
  const db = new PostgresDatabase(url, options);
  try {
    await prepareSchema(db, options.schema);
  } catch (error) {
    await db.close();
    if (error instanceof Error && /newer than this Galen/.test(error.message)) {
      throw new GalenError(
        `The PostgreSQL database was written by a newer Galen (${error.message}). Upgrade Galen.`,
      );
    }
    throw error;
  }
  return Object.assign(
    { close: () => db.close() },
    methodsOf(new PostgresCorpus(db)),
    methodsOf(new PostgresThreads(db)),
    methodsOf(new PostgresArticles(db)),
    methodsOf(new PostgresAccounts(db)),
    methodsOf(new PostgresAuditLog(db)),
    methodsOf(new PostgresSettings(db)),
    methodsOf(new PostgresTransfer(db)),
    methodsOf(new PostgresRateEvents(db)),
  );
}

async function prepareSchema(db: PostgresDatabase, schema: string | undefined): Promise<void> {
  const client = await db.guard(() => db.pool.connect());
  try {
    await migratePostgres(client, schema);
  } finally {
    client.release();
  }
}

/** A part's methods, bound to it, as an object: the parts combine into one store. */
function methodsOf<T extends object>(part: T): T {
  const methods: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(part))) {
    const value = (part as Record<string, unknown>)[name];
    if (name !== "constructor" && typeof value === "function") methods[name] = value.bind(part);
  }
  return methods as T;
}

/** A schema name that is safe to write into SQL as it is. */
function checkedSchema(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new GalenError(
      `"${name}" is not a usable PostgreSQL schema name: use lower-case letters, digits and _.`,
    );
  }
  return name;
}
