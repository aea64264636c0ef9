import type { Account, AccountStore, NewAccount } from "../account-store.ts";
import type { Session, SessionStore } from "../session-store.ts";
import type { PostgresDatabase } from "./postgres-database.ts";

interface AccountRow {
  email: string;
  name: string;
  role: string;
  credentials: string | null;
  specialty: string | null;
  disabled: boolean;
  created_at: string;
  password_hash: string;
}

interface SessionRow {
  email: string;
  csrf_token: string;
  expires_at: string;
}

const ACCOUNT_COLUMNS = "email, name, role, credentials, specialty, disabled, created_at, password_hash";

/** People's accounts, keyed by lower-cased email, and the hashed tokens of their signed-in sessions. */
export class PostgresAccounts implements AccountStore, SessionStore {
  constructor(private readonly db: PostgresDatabase) {}

  async createAccount(account: NewAccount): Promise<Account | undefined> {
    const created = await this.db.row<AccountRow>(
      `INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, false, $6, $7)
       ON CONFLICT (email) DO NOTHING RETURNING ${ACCOUNT_COLUMNS}`,
      [
        account.email.toLowerCase(),
        account.name,
        account.role,
        account.credentials ?? null,
        account.specialty ?? null,
        new Date().toISOString(),
        account.passwordHash,
      ],
    );
    return created ? toAccount(created) : undefined;
  }

  async findAccount(email: string): Promise<(Account & { passwordHash: string }) | undefined> {
    const row = await this.db.row<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE email = $1`, [
      email.toLowerCase(),
    ]);
    return row ? { ...toAccount(row), passwordHash: row.password_hash } : undefined;
  }

  async listAccounts(): Promise<Account[]> {
    // Byte order, as the embedded store sorts, whatever the database's collation.
    const rows = await this.db.rows<AccountRow>(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY email COLLATE "C"`,
    );
    return rows.map(toAccount);
  }

  async updateAccount(
    email: string,
    change: { role?: string; disabled?: boolean },
  ): Promise<Account | undefined> {
    const updated = await this.db.row<AccountRow>(
      `UPDATE accounts SET role = coalesce($2, role), disabled = coalesce($3, disabled)
       WHERE email = $1 RETURNING ${ACCOUNT_COLUMNS}`,
      [email.toLowerCase(), change.role ?? null, change.disabled ?? null],
    );
    return updated ? toAccount(updated) : undefined;
  }

  async createSession(tokenHash: string, session: Session): Promise<void> {
    await this.db.run(
      "INSERT INTO sessions (token_hash, email, csrf_token, expires_at) VALUES ($1, $2, $3, $4)",
      [tokenHash, session.email.toLowerCase(), session.csrfToken, session.expiresAt],
    );
  }

  async findSession(tokenHash: string, now: Date): Promise<Session | undefined> {
    // ISO times compare correctly as text in byte order; "C" keeps the database's collation out of it.
    const row = await this.db.row<SessionRow>(
      `SELECT email, csrf_token, expires_at FROM sessions WHERE token_hash = $1 AND expires_at COLLATE "C" > $2`,
      [tokenHash, now.toISOString()],
    );
    return row ? { email: row.email, csrfToken: row.csrf_token, expiresAt: row.expires_at } : undefined;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.run("DELETE FROM sessions WHERE token_hash = $1", [tokenHash]);
  }

  async deleteSessionsOf(email: string): Promise<void> {
    await this.db.run("DELETE FROM sessions WHERE email = $1", [email.toLowerCase()]);
  }
}

function toAccount(row: AccountRow): Account {
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    ...(row.credentials ? { credentials: row.credentials } : {}),
    ...(row.specialty ? { specialty: row.specialty } : {}),
    disabled: row.disabled,
    createdAt: row.created_at,
  };
}
