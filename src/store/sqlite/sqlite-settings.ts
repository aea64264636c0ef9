import type Database from "better-sqlite3";

/** Site settings as key and text (migration 8). */
export class SqliteSettings {
  constructor(private readonly db: Database.Database) {}

  get(key: string): string | undefined {
    return this.db.prepare<[string], { value: string }>("SELECT value FROM settings WHERE key = ?").get(key)
      ?.value;
  }

  set(key: string, value: string): void {
    this.db
      .prepare(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
      )
      .run(key, value, new Date().toISOString());
  }
}
