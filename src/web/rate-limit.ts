/**
 * A per-client budget of requests in a sliding minute (for asking, the expensive route). In-process: several app
 * servers behind a load balancer each keep their own budget until the shared store of issue 8 holds it.
 */
export class RateLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a request; the seconds to wait when the budget is spent, or 0 when the request may go ahead. */
  take(client: string): number {
    const now = this.now();
    const recent = (this.hits.get(client) ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= this.perMinute) {
      this.hits.set(client, recent);
      return Math.ceil((60_000 - (now - (recent[0] ?? now))) / 1000);
    }
    recent.push(now);
    this.hits.set(client, recent);
    return 0;
  }
}
