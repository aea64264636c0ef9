import type { RateLimitStore } from "../store/index.ts";

const MINUTE_MS = 60_000;

/**
 * A per-client budget of requests in a sliding minute (for asking, the expensive route), counted in the database
 * so that every app server behind a load balancer spends the same budget. Two servers counting at the same
 * moment may each let one more through: a soft limit, which is what it is for.
 */
export class RateLimit {
  constructor(
    private readonly store: RateLimitStore,
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a request; the seconds to wait when the budget is spent, or 0 when the request may go ahead. */
  async take(client: string): Promise<number> {
    const now = this.now();
    const key = `ask ${client}`;
    const recent = await this.store.eventsSince(key, new Date(now - MINUTE_MS));
    if (recent.length >= this.perMinute) {
      return Math.max(1, Math.ceil((MINUTE_MS - (now - (recent[0] ?? now))) / 1000));
    }
    await this.store.recordEvent(key, new Date(now), MINUTE_MS);
    return 0;
  }
}
