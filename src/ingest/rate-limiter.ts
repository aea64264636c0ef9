/** Time for rate limiting and back-off; tests pass a virtual one so they need not wait. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: sleepFor,
};

/**
 * NCBI's limits: 3 requests/s per IP without an API key, 10/s with one. The gaps keep a 5% margin: a request
 * leaves a few milliseconds after its turn, and a busy event loop can delay one more than the next.
 */
const INTERVAL_WITHOUT_KEY_MS = 350;
const INTERVAL_WITH_KEY_MS = 105;

/**
 * Lets callers start requests at least `intervalMs` apart, one at a time in call order. The gap is measured from
 * when the previous caller actually went ahead, so a stalled event loop cannot bunch requests together.
 */
export class RateLimiter {
  private lastStart = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  wait(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      const wait = this.lastStart + this.intervalMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait, signal);
      signal?.throwIfAborted();
      this.lastStart = this.clock.now();
    });
    // An aborted caller gives up its turn without blocking the ones queued behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}

/** NCBI counts requests per IP or per key, so every query in this process shares one limiter per server and key. */
const sharedLimiters = new Map<string, RateLimiter>();

export function rateLimiterFor(base: URL, apiKey: string | undefined, clock: Clock): RateLimiter {
  const interval = apiKey ? INTERVAL_WITH_KEY_MS : INTERVAL_WITHOUT_KEY_MS;
  if (clock !== systemClock) return new RateLimiter(interval, clock);
  const key = `${base.origin} ${apiKey ?? ""}`;
  let limiter = sharedLimiters.get(key);
  if (!limiter) {
    limiter = new RateLimiter(interval, clock);
    sharedLimiters.set(key, limiter);
  }
  return limiter;
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
