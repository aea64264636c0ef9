import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { verifyPassword } from "../editorial/passwords.ts";
import type { Account, GalenStore, Session } from "../store/index.ts";

export const SESSION_COOKIE = "galen_session";
const SESSION_HOURS = 8;

/** Failed sign-ins allowed per account and client in the window before further tries are refused. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;

export interface SignedIn {
  account: Account;
  session: Session;
  tokenHash: string;
}

/**
 * Password sign-in with server-side sessions: a fresh random token at every sign-in (no session fixation), kept
 * only as a hash, in an HttpOnly, SameSite cookie (Secure behind TLS). An OpenID Connect sign-in would create the
 * same session after its own redirect; nothing else depends on how the account proved who it is.
 */
export class SignIn {
  constructor(
    private readonly store: GalenStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The seconds to wait before another try for this account and client, or 0. Failures are counted in the
   * database, so a guesser gains nothing by reaching another app server.
   */
  async throttled(email: string, client: string): Promise<number> {
    const recent = await this.recentFailures(failureKey(email, client));
    if (recent.length < MAX_FAILURES) return 0;
    return Math.ceil((FAILURE_WINDOW_MS - (this.now().getTime() - (recent[0] ?? 0))) / 1000);
  }

  /** A new session token for a correct password of an active account; undefined (and a failure counted) otherwise. */
  async attempt(
    email: string,
    password: string,
    client: string,
  ): Promise<{ token: string; account: Account } | undefined> {
    const account = await this.store.findAccount(email);
    const valid =
      account !== undefined && !account.disabled && (await verifyPassword(password, account.passwordHash));
    if (!valid || account === undefined) {
      await this.store.recordEvent(failureKey(email, client), this.now(), FAILURE_WINDOW_MS);
      return undefined;
    }
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(this.now().getTime() + SESSION_HOURS * 3_600_000).toISOString();
    await this.store.createSession(hashToken(token), {
      email: account.email,
      csrfToken: randomBytes(24).toString("base64url"),
      expiresAt,
    });
    const { passwordHash: _secret, ...visible } = account;
    return { token, account: visible };
  }

  /** The signed-in account behind the request's cookie, if its session is live and the account still active. */
  async current(c: Context): Promise<SignedIn | undefined> {
    const token = readCookie(c, SESSION_COOKIE);
    if (!token) return undefined;
    const tokenHash = hashToken(token);
    const session = await this.store.findSession(tokenHash, this.now());
    if (session === undefined) return undefined;
    const account = await this.store.findAccount(session.email);
    if (account === undefined || account.disabled) return undefined;
    const { passwordHash: _secret, ...visible } = account;
    return { account: visible, session, tokenHash };
  }

  private recentFailures(key: string): Promise<number[]> {
    return this.store.eventsSince(key, new Date(this.now().getTime() - FAILURE_WINDOW_MS));
  }
}

function failureKey(email: string, client: string): string {
  return `sign-in ${email.toLowerCase()} ${client}`;
}

export function sessionCookie(c: Context, token: string, maxAgeSeconds = SESSION_HOURS * 3600): string {
  const secure = new URL(c.req.url).protocol === "https:" || c.req.header("X-Forwarded-Proto") === "https";
  return `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** Whether a form's CSRF token is the session's, compared in constant time. */
export function validCsrf(session: Session, token: unknown): boolean {
  if (typeof token !== "string") return false;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function readCookie(c: Context, name: string): string | undefined {
  return new RegExp(`(?:^|;\\s*)${name}=([\\w-]+)`).exec(c.req.header("Cookie") ?? "")?.[1];
}
