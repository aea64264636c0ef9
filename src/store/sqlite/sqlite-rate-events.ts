import type Database from "better-sqlite3";

/** Timed events by key for rate limits (migration 9). */
export class SqliteRateEvents {
  constructor(private readonly db: Database.Database) {}

  record(key: string, at: Date, keepMs: number): void {
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM rate_events WHERE key = ? AND at < ?").run(key, at.getTime() - keepMs);
      this.db.prepare("INSERT INTO rate_events (key, at) VALUES (?, ?)").run(key, at.getTime());
    })();
  }

  since(key: string, since: Date): number[] {
    return this.db
      .prepare<[string, number], { at: number }>(
        "SELECT at FROM rate_events WHERE key = ? AND at >= ? ORDER BY at",
      )
      .all(key, since.getTime())
      .map((row) => row.at);
  }
}
