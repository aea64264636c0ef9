import type Database from "better-sqlite3";
import { BOOLEAN_COLUMNS, TRANSFER_ORDER } from "../transfer-order.ts";
import type { TransferRow, TransferredTable } from "../transfer-store.ts";

/** Rows out of and into the SQLite tables, for moving an installation. */
export class SqliteTransfer {
  constructor(private readonly db: Database.Database) {}

  exportRows(table: TransferredTable): TransferRow[] {
    return (
      this.db.prepare(`SELECT * FROM ${table} ORDER BY ${TRANSFER_ORDER[table]}`).all() as TransferRow[]
    ).map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([column, value]) => [
          column,
          BOOLEAN_COLUMNS.has(column) ? value === 1 : value,
        ]),
      ),
    );
  }

  importRows(table: TransferredTable, rows: readonly TransferRow[]): void {
    const first = rows[0];
    if (first === undefined) return;
    const columns = Object.keys(first);
    const insert = this.db.prepare(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
    );
    this.db.transaction(() => {
      for (const row of rows) {
        insert.run(
          ...columns.map((column) =>
            typeof row[column] === "boolean" ? Number(row[column]) : (row[column] ?? null),
          ),
        );
      }
    })();
  }
}
