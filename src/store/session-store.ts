/** A signed-in browser: the cookie holds a random token; the store keeps only its hash. */
export interface Session {
  email: string;
  /** Sent back with every form that changes something (CSRF protection). */
  csrfToken: string;
  expiresAt: string;
}

export interface SessionStore {
  createSession(tokenHash: string, session: Session): Promise<void>;
  /** The session, unless it does not exist or has expired. */
  findSession(tokenHash: string, now: Date): Promise<Session | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** "Log out everywhere": every session of the account. */
  deleteSessionsOf(email: string): Promise<void>;
}
