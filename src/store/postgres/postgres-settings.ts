import type { SettingsStore } from "../settings-store.ts";
import type { PostgresDatabase } from "./postgres-database.ts";

/** Site settings as key and text (migration 2). */
export class PostgresSettings implements SettingsStore {
  constructor(private readonly db: PostgresDatabase) {}

  async getSetting(key: string): Promise<string | undefined> {
    return (await this.db.row<{ value: string }>("SELECT value FROM settings WHERE key = $1", [key]))?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db.run(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, value, new Date().toISOString()],
    );
  }
}
