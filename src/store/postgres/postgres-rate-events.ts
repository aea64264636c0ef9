import type { RateLimitStore } from "../rate-limit-store.ts";
import type { PostgresDatabase } from "./postgres-database.ts";

/** Timed events by key for rate limits, shared by every app server on the database. */
export class PostgresRateEvents implements RateLimitStore {
  constructor(private readonly db: PostgresDatabase) {}

  async recordEvent(key: string, at: Date, keepMs: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run("DELETE FROM rate_events WHERE key = $1 AND at < $2", [key, at.getTime() - keepMs]);
      await tx.run("INSERT INTO rate_events (key, at) VALUES ($1, $2)", [key, at.getTime()]);
    });
  }

  async eventsSince(key: string, since: Date): Promise<number[]> {
    const rows = await this.db.rows<{ at: string }>(
      "SELECT at FROM rate_events WHERE key = $1 AND at >= $2 ORDER BY at",
      [key, since.getTime()],
    );
    return rows.map((row) => Number(row.at));
  }
}
