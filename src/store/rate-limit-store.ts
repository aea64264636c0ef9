/**
 * Timed events by key (questions asked by a client, failed sign-ins), kept in the database so that every app
 * server behind a load balancer counts the same budget.
 */
export interface RateLimitStore {
  /** Records an event, and forgets the key's events older than `keepMs`. */
  recordEvent(key: string, at: Date, keepMs: number): Promise<void>;
  /** The times (ms since the epoch) of the key's events since a time, oldest first. */
  eventsSince(key: string, since: Date): Promise<number[]>;
}
