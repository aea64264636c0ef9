import pg from "pg";
import { errorMessage, GalenError } from "../../galen-error.ts";

/** Something SQL can be run on: the pool, or one transaction's connection. */
export interface Queryable {
  rows<R extends object>(sql: string, values?: readonly unknown[]): Promise<R[]>;
  /** The first row, or undefined. */
  row<R extends object>(sql: string, values?: readonly unknown[]): Promise<R | undefined>;
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  run(sql: string, values?: readonly unknown[]): Promise<number>;
}

export interface PostgresOptions {
  /** A schema of its own (created when missing), so that several installations or tests share one database. */
  schema?: string;
  /** Connections in the pool; GALEN_DATABASE_POOL, else 10. */
  poolSize?: number;
  /** Longest a statement may run before PostgreSQL cancels it; GALEN_STATEMENT_TIMEOUT_MS, else 30 s. */
  statementTimeoutMs?: number;
}

/** SQLSTATEs after which a transaction can simply run again: serialization failure and deadlock. */
const RETRYABLE = new Set(["40001", "40P01"]);
const ATTEMPTS = 4;

/** A connection pool with helpers for rows, transactions retried on serialization failures, and clear errors. */
export class PostgresDatabase implements Queryable {
  readonly pool: pg.Pool;

  constructor(
    readonly url: string,
    readonly options: PostgresOptions = {},
  ) {
    const settings = [
      `-c statement_timeout=${this.statementTimeoutMs}`,
      ...(options.schema ? [`-c search_path=${options.schema},public`] : []),
    ];
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      options: settings.join(" "),
      application_name: "galen",
    });
    // An idle connection that the server drops must not crash the process; the next query reconnects.
    this.pool.on("error", () => undefined);
  }

  /** The statement timeout every connection starts with (0: none). */
  get statementTimeoutMs(): number {
    return Math.trunc(this.options.statementTimeoutMs ?? 30_000);
  }

  async rows<R extends object>(sql: string, values: readonly unknown[] = []): Promise<R[]> {
    return (await this.guard(() => this.pool.query<R>(sql, [...values]))).rows;
  }

  async row<R extends object>(sql: string, values: readonly unknown[] = []): Promise<R | undefined> {
    return (await this.rows<R>(sql, values))[0];
  }

  async run(sql: string, values: readonly unknown[] = []): Promise<number> {
    return (await this.guard(() => this.pool.query(sql, [...values]))).rowCount ?? 0;
  }

  /**
   * Runs `work` in one transaction. A serialization failure or deadlock rolls back and runs it again (up to four
   * times in all), so `work` must only touch the database.
   */
  async transaction<T>(
    work: (tx: Queryable) => Promise<T>,
    isolation: "read committed" | "serializable" = "read committed",
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.guard(() => this.pool.connect());
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
        const result = await work(clientQueryable(client, this));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        if (attempt < ATTEMPTS && RETRYABLE.has(sqlState(error) ?? "")) continue;
        throw error;
      } finally {
        client.release();
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Turns a failure to reach the server into one message an IT team can act on. */
  async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw explainPostgresError(error, this.url);
    }
  }
}

function clientQueryable(client: pg.PoolClient, database: PostgresDatabase): Queryable {
  return {
    async rows<R extends object>(sql: string, values: readonly unknown[] = []) {
      return (await database.guard(() => client.query<R>(sql, [...values]))).rows;
    },
    async row<R extends object>(sql: string, values: readonly unknown[] = []) {
      return (await database.guard(() => client.query<R>(sql, [...values]))).rows[0];
    },
    async run(sql: string, values: readonly unknown[] = []) {
      return (await database.guard(() => client.query(sql, [...values]))).rowCount ?? 0;
    },
  };
}

export function sqlState(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

/** The server's address without the password, for messages. */
function where(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "the configured server";
  }
}

function explainPostgresError(error: unknown, url: string): unknown {
  if (error instanceof GalenError) return error;
  const code = sqlState(error);
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EHOSTUNREACH" || code === "ETIMEDOUT") {
    return new GalenError(
      `Cannot reach PostgreSQL at ${where(url)} (${code}). Check GALEN_DATABASE_URL (or --database-url) and that the server is running.`,
    );
  }
  if (code === "28P01" || code === "28000") {
    return new GalenError(
      `PostgreSQL at ${where(url)} refused the credentials (${errorMessage(error)}). Check the user and password in GALEN_DATABASE_URL.`,
    );
  }
  if (code === "3D000") {
    return new GalenError(
      `PostgreSQL at ${where(url)} has no such database (${errorMessage(error)}). Create it (createdb) or fix GALEN_DATABASE_URL.`,
    );
  }
  if (code === "57014") {
    return new GalenError(
      `A PostgreSQL statement ran past the statement timeout and was cancelled. Raise GALEN_STATEMENT_TIMEOUT_MS or check the server's load.`,
    );
  }
  return error;
}
