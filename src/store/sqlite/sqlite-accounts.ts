import type Database from "better-sqlite3";
import type { Account, NewAccount } from "../account-store.ts";
import { type AuditEntry, auditHash, GENESIS_HASH, type NewAuditEntry } from "../audit-store.ts";
import type { Session } from "../session-store.ts";

interface AccountRow {
  email: string;
  name: string;
  role: string;
  credentials: string | null;
  specialty: string | null;
  disabled: number;
  created_at: string;
  password_hash: string;
}

/** Accounts and the hash-chained audit log, in the corpus database (migration 6). */
export class SqliteAccounts {
  constructor(private readonly db: Database.Database) {}

  create(account: NewAccount): Account | undefined {
    const now = new Date().toISOString();
    const inserted = this.db
      .prepare(
        "INSERT OR IGNORE INTO accounts (email, name, role, credentials, specialty, disabled, created_at, password_hash) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
      )
      .run(
        account.email.toLowerCase(),
        account.name,
        account.role,
        account.credentials ?? null,
        account.specialty ?? null,
        now,
        account.passwordHash,
      );
    return inserted.changes === 0 ? undefined : this.find(account.email);
  }

  find(email: string): (Account & { passwordHash: string }) | undefined {
    const row = this.db
      .prepare<[string], AccountRow>("SELECT * FROM accounts WHERE email = ?")
      .get(email.toLowerCase());
    return row ? { ...toAccount(row), passwordHash: row.password_hash } : undefined;
  }

  list(): Account[] {
    return this.db.prepare<[], AccountRow>("SELECT * FROM accounts ORDER BY email").all().map(toAccount);
  }

  update(email: string, change: { role?: string; disabled?: boolean }): Account | undefined {
    const found = this.find(email);
    if (found === undefined) return undefined;
    this.db
      .prepare("UPDATE accounts SET role = ?, disabled = ? WHERE email = ?")
      .run(change.role ?? found.role, (change.disabled ?? found.disabled) ? 1 : 0, found.email);
    return this.find(email);
  }

  createSession(tokenHash: string, session: Session): void {
    this.db
      .prepare("INSERT INTO sessions (token_hash, email, csrf_token, expires_at) VALUES (?, ?, ?, ?)")
      .run(tokenHash, session.email.toLowerCase(), session.csrfToken, session.expiresAt);
  }

  findSession(tokenHash: string, now: Date): Session | undefined {
    const row = this.db
      .prepare<[string, string], { email: string; csrf_token: string; expires_at: string }>(
        "SELECT email, csrf_token, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?",
      )
      .get(tokenHash, now.toISOString());
    return row ? { email: row.email, csrfToken: row.csrf_token, expiresAt: row.expires_at } : undefined;
  }

  deleteSession(tokenHash: string): void {
    this.db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(tokenHash);
  }

  deleteSessionsOf(email: string): void {
    this.db.prepare("DELETE FROM sessions WHERE email = ?").run(email.toLowerCase());
  }

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

function toAccount(row: AccountRow): Account {
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    ...(row.credentials ? { credentials: row.credentials } : {}),
    ...(row.specialty ? { specialty: row.specialty } : {}),
    disabled: row.disabled === 1,
    createdAt: row.created_at,
  };
}
