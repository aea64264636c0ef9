import type Database from "better-sqlite3";
import { type AuditEntry, auditHash, GENESIS_HASH, type NewAuditEntry } from "../audit-store.ts";

/** The hash-chained, append-only audit log (migration 6; triggers refuse updates and deletes). */
export class SqliteAuditLog {
  constructor(private readonly db: Database.Database) {}

  append(entry: NewAuditEntry): AuditEntry {
    return this.db
      .transaction(() => {
        const last = this.db
          .prepare<[], { sequence: number; hash: string }>(
            "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1",
          )
          .get();
        const body = {
          sequence: (last?.sequence ?? 0) + 1,
          at: new Date().toISOString(),
          actor: entry.actor,
          action: entry.action,
          target: entry.target,
          details: entry.details,
          ...(entry.requestId ? { requestId: entry.requestId } : {}),
        };
        const previousHash = last?.hash ?? GENESIS_HASH;
        const hash = auditHash(previousHash, body);
        this.db
          .prepare(
            "INSERT INTO audit_log (sequence, at, actor, action, target, details, request_id, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          )
          .run(
            body.sequence,
            body.at,
            body.actor,
            body.action,
            body.target,
            JSON.stringify(body.details),
            entry.requestId ?? null,
            previousHash,
            hash,
          );
        return { ...body, previousHash, hash };
      })
      .immediate();
  }

  entries(): AuditEntry[] {
    return this.db
      .prepare<
        [],
        {
          sequence: number;
          at: string;
          actor: string;
          action: string;
          target: string;
          details: string;
          request_id: string | null;
          previous_hash: string;
          hash: string;
        }
      >("SELECT * FROM audit_log ORDER BY sequence")
      .all()
      .map((row) => ({
        sequence: row.sequence,
        at: row.at,
        actor: row.actor,
        action: row.action,
        target: row.target,
        details: JSON.parse(row.details) as Record<string, unknown>,
        ...(row.request_id ? { requestId: row.request_id } : {}),
        previousHash: row.previous_hash,
        hash: row.hash,
      }));
  }
}
