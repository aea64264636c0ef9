import { TRANSFER_ORDER } from "../transfer-order.ts";
import type { TransferRow, TransferredTable, TransferStore } from "../transfer-store.ts";
import type { PostgresDatabase } from "./postgres-database.ts";

/** Rows out of and into the PostgreSQL tables, for moving an installation. */
export class PostgresTransfer implements TransferStore {
  constructor(private readonly db: PostgresDatabase) {}

  async exportRows(table: TransferredTable): Promise<TransferRow[]> {
    const rows = await this.db.rows<TransferRow>(`SELECT * FROM ${table} ORDER BY ${TRANSFER_ORDER[table]}`);
    // The insertion-order column is the engine's own; the other engine numbers rows as it imports them.
    return rows.map(({ rowid: _order, ...row }) => row);
  }

  async importRows(table: TransferredTable, rows: readonly TransferRow[]): Promise<void> {
    const first = rows[0];
    if (first === undefined) return;
    const columns = Object.keys(first);
    await this.db.transaction(async (tx) => {
      for (const row of rows) {
        await tx.run(
          `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(", ")})`,
          columns.map((column) => row[column] ?? null),
        );
      }
      // Comments keep their numbers; new ones continue after the highest.
      if (table === "review_comments") {
        await tx.run(
          "SELECT setval(pg_get_serial_sequence('review_comments', 'id'), (SELECT max(id) FROM review_comments))",
        );
      }
    });
  }
}
