import type Database from "better-sqlite3";
import type { Account, NewAccount } from "../account-store.ts";
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

/** Accounts (migration 6) and their sessions (migration 7), in the corpus database. */
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
