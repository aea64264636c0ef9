import {
  type AuditEntry,
  type AuditStore,
  auditHash,
  GENESIS_HASH,
  type NewAuditEntry,
} from "../audit-store.ts";
import type { PostgresDatabase, Queryable } from "./postgres-database.ts";

interface AuditRow {
  sequence: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: string;
  request_id: string | null;
  previous_hash: string;
  hash: string;
}

/**
 * The advisory lock every Galen process takes before appending, so that appends queue up and each entry chains
 * to the one committed before it. Next to the migration lock (4_711_0001).
 */
const AUDIT_APPEND_LOCK = 4_711_0002;

/** The append-only audit log, each entry hash-chained to the one before it. */
export class PostgresAuditLog implements AuditStore {
  constructor(private readonly db: PostgresDatabase) {}

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.db.transaction(async (tx) => {
      await tx.row("SELECT pg_advisory_xact_lock($1)", [AUDIT_APPEND_LOCK]);
      const last = await tx.row<{ sequence: string; hash: string }>(
        "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1",
      );
      const body = {
        sequence: (last ? Number(last.sequence) : 0) + 1,
        at: new Date().toISOString(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        details: entry.details,
        ...(entry.requestId ? { requestId: entry.requestId } : {}),
      };
      const previousHash = last?.hash ?? GENESIS_HASH;
      const appended = { ...body, previousHash, hash: auditHash(previousHash, body) };
      await insertEntry(tx, appended);
      return appended;
    });
  }

  async auditEntries(): Promise<AuditEntry[]> {
    const rows = await this.db.rows<AuditRow>(
      "SELECT sequence, at, actor, action, target, details, request_id, previous_hash, hash FROM audit_log ORDER BY sequence",
    );
    return rows.map(toEntry);
  }
}

async function insertEntry(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.run(
    `INSERT INTO audit_log (sequence, at, actor, action, target, details, request_id, previous_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.sequence,
      entry.at,
      entry.actor,
      entry.action,
      entry.target,
      JSON.stringify(entry.details),
      entry.requestId ?? null,
      entry.previousHash,
      entry.hash,
    ],
  );
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    sequence: Number(row.sequence),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details) as Record<string, unknown>,
    ...(row.request_id ? { requestId: row.request_id } : {}),
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
