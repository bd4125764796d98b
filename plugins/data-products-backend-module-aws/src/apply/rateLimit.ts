/*
 * One rate limiter per AWS account: IAM (and Glue, Athena) limit request
 * rates per account, and environments sharing an account share its budget.
 * Requests wait for their turn instead of being throttled and retried.
 */

/** Spaces calls at most `callsPerSecond` apart (a burst of one). */
export class RateLimiter {
  private next = 0;

  constructor(
    readonly callsPerSecond: number,
    private readonly clock: {
      now(): number;
      sleep(ms: number): Promise<void>;
    } = {
      now: () => Date.now(),
      sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    },
  ) {
    if (!(callsPerSecond > 0)) {
      throw new Error(`callsPerSecond must be positive, got ${callsPerSecond}`);
    }
  }

  /** Resolves when the caller may send its request. */
  async take(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.callsPerSecond;
    if (at > now) await this.clock.sleep(at - now);
  }
}

/** The limiter of each account, created on first use. */
export class AccountRateLimiters {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly callsPerSecond: number) {}

  of(accountId: string): RateLimiter {
    let limiter = this.limiters.get(accountId);
    if (!limiter) {
      limiter = new RateLimiter(this.callsPerSecond);
      this.limiters.set(accountId, limiter);
    }
    return limiter;
  }
}
