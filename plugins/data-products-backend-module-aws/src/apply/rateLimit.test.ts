import { AccountRateLimiters, RateLimiter } from './rateLimit';

function virtualClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    get time() {
      return now;
    },
  };
}

describe('RateLimiter', () => {
  it('spaces calls to the configured rate', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(10, clock);
    for (let i = 0; i < 21; i++) await limiter.take();
    // The first goes at once, then one every 100 ms.
    expect(clock.time).toBe(2000);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter(0)).toThrow('callsPerSecond must be positive');
  });
});

describe('AccountRateLimiters', () => {
  it('gives environments of one account the same limiter, and other accounts their own', () => {
    const limiters = new AccountRateLimiters(10);
    expect(limiters.of('111111111111')).toBe(limiters.of('111111111111'));
    expect(limiters.of('111111111111')).not.toBe(limiters.of('222222222222'));
  });
});
