import {
  bucketWindow,
  burnRate,
  computeAvailability,
  computeCompleteness,
  computeFreshness,
  errorBudgetRemaining,
  meetsTarget,
  sloStatus,
  UpdateObservation,
} from './sli';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-03-21T00:00:00Z, a UTC midnight. */
const MIDNIGHT = Date.UTC(2026, 2, 21);
const WINDOW_20D = 20 * DAY;

/** Hourly checks for `hours` hours ending in the hour that holds `now`. */
function hourlyChecks(
  now: number,
  hours: number,
  failedHours: number[] = [],
): { at: number; available: boolean }[] {
  const lastHour = Math.floor(now / HOUR) * HOUR;
  return Array.from({ length: hours }, (_, i) => ({
    at: lastHour - (hours - 1 - i) * HOUR + 5 * 60_000,
    available: !failedHours.includes(i),
  })).filter(c => c.at <= now);
}

describe('bucketWindow', () => {
  it('ends with the bucket holding now and has whole buckets', () => {
    const now = MIDNIGHT + 10 * HOUR + 30 * 60_000;
    expect(bucketWindow(now, WINDOW_20D, HOUR)).toEqual({
      start: MIDNIGHT + 10 * HOUR - 479 * HOUR,
      end: now,
      count: 480,
      bucketMs: HOUR,
    });
    expect(bucketWindow(now, WINDOW_20D, DAY)).toEqual({
      start: MIDNIGHT - 19 * DAY,
      end: now,
      count: 20,
      bucketMs: DAY,
    });
  });

  it('rounds a window that is not a whole number of buckets up', () => {
    expect(bucketWindow(MIDNIGHT, 36 * HOUR, DAY).count).toBe(2);
    expect(bucketWindow(MIDNIGHT, 30 * 60_000, HOUR).count).toBe(1);
  });
});

describe('error budget, burn rate and status', () => {
  it.each([
    // good, total, target, remaining
    [480, 480, 99.5, 1],
    [479, 480, 99.5, 0.5833],
    [478, 480, 99.5, 0.1667],
    [477, 480, 99.5, -0.25],
    [199, 200, 99.5, 0],
    [19, 20, 95, 0],
    [18, 20, 95, -1],
    [0, 0, 99, null],
    [10, 10, 100, 1],
    [9, 10, 100, -1],
  ])(
    '%p good of %p at %p %% leaves %p of the budget',
    (good, total, target, remaining) => {
      expect(errorBudgetRemaining(good, total, target)).toBe(remaining);
    },
  );

  it.each([
    // good, total, target, rate
    [24, 24, 99.5, 0],
    [23, 24, 99.5, 8.33],
    [99, 100, 99, 1],
    [0, 0, 99, null],
    [3, 3, 100, 0],
    [2, 3, 100, null],
  ])('%p good of %p at %p %% burns at %p', (good, total, target, rate) => {
    expect(burnRate(good, total, target)).toBe(rate);
  });

  it('compares with the target exactly, without floating-point surprises', () => {
    expect(meetsTarget(199, 200, 99.5)).toBe(true);
    expect(meetsTarget(995, 1000, 99.5)).toBe(true);
    expect(meetsTarget(994, 1000, 99.5)).toBe(false);
    expect(meetsTarget(19, 20, 95)).toBe(true);
  });

  it.each([
    [{ good: 0, total: 0, remaining: null, rate: null }, 'no-data'],
    [{ good: 18, total: 20, remaining: -1, rate: 0 }, 'breached'],
    [{ good: 20, total: 20, remaining: 1, rate: 0 }, 'met'],
    [{ good: 20, total: 20, remaining: 0.25, rate: 0 }, 'at-risk'],
    [{ good: 20, total: 20, remaining: 0.9, rate: 2 }, 'at-risk'],
    [{ good: 20, total: 20, remaining: 0.26, rate: 1.99 }, 'met'],
  ] as const)('%p is %p', (input, status) => {
    expect(
      sloStatus({
        good: input.good,
        total: input.total,
        target: 95,
        errorBudgetRemaining: input.remaining,
        burnRate: input.rate,
      }),
    ).toBe(status);
  });
});

describe('computeAvailability', () => {
  const now = MIDNIGHT + 12 * HOUR + 30 * 60_000;
  const options = { now, windowMs: WINDOW_20D, target: 99.5 };

  it('has no data and an empty chart before the first check', () => {
    const result = computeAvailability([], options);
    expect(result).toMatchObject({
      sli: null,
      good: 0,
      total: 0,
      status: 'no-data',
      errorBudgetRemaining: null,
      burnRate: null,
      granularity: 'hour',
    });
    expect(result.series).toHaveLength(480);
    expect(result.series.every(p => p.value === null)).toBe(true);
    expect(result.lastMeasurementAt).toBeUndefined();
  });

  it('counts 480 hourly checks with two failures', () => {
    const result = computeAvailability(
      hourlyChecks(now, 480, [10, 200]),
      options,
    );
    expect(result).toMatchObject({
      sli: 99.5833,
      good: 478,
      total: 480,
      status: 'at-risk',
      errorBudgetRemaining: 0.1667,
      burnRate: 0,
      burnRateWindowMs: 24 * HOUR,
    });
    expect(result.series[10]).toMatchObject({ good: 0, total: 1, value: 0 });
    expect(result.series[11]).toMatchObject({ good: 1, total: 1, value: 100 });
  });

  it('leaves gaps out of the SLI instead of counting them as failures', () => {
    const checks = hourlyChecks(now, 480).filter((_, i) => i < 100 || i >= 150);
    const result = computeAvailability(checks, options);
    expect(result).toMatchObject({ sli: 100, good: 430, total: 430 });
    expect(result.series.slice(100, 150).every(p => p.value === null)).toBe(
      true,
    );
  });

  it('makes an hour unavailable when any of its checks failed', () => {
    const hour = Math.floor(now / HOUR) * HOUR - 5 * HOUR;
    const result = computeAvailability(
      [
        { at: hour + 1, available: true },
        { at: hour + 20 * 60_000, available: false },
        { at: hour + 40 * 60_000, available: true },
      ],
      options,
    );
    expect(result).toMatchObject({ sli: 0, good: 0, total: 1 });
    expect(result.burnRate).toBe(200);
    expect(result.status).toBe('breached');
  });

  it('gives the same result for late and out-of-order checks', () => {
    const checks = hourlyChecks(now, 480, [3, 40, 41]);
    const shuffled = [...checks].reverse();
    const a = computeAvailability(checks, options);
    const b = computeAvailability(shuffled, options);
    expect(b).toEqual(a);
    expect(a.good).toBe(477);
  });

  it('includes a check exactly at the window start and at now, ignores the future and the past', () => {
    const { start } = bucketWindow(now, WINDOW_20D, HOUR);
    const result = computeAvailability(
      [
        { at: start - 1, available: false },
        { at: start, available: true },
        { at: now, available: true },
        { at: now + 1, available: false },
      ],
      options,
    );
    expect(result).toMatchObject({ good: 2, total: 2, sli: 100 });
    expect(result.series[0]).toMatchObject({ at: start, total: 1 });
    expect(result.series[479]).toMatchObject({ total: 1 });
    expect(result.lastMeasurementAt).toBe(now);
  });

  it('moves the window hour by hour: an old failure drops out', () => {
    const checks = hourlyChecks(now, 481, [0]);
    expect(computeAvailability(checks, options).total).toBe(480);
    expect(computeAvailability(checks, options).sli).toBe(100);
    const anHourEarlier = computeAvailability(checks, {
      ...options,
      now: now - HOUR,
    });
    expect(anHourEarlier).toMatchObject({ good: 479, total: 480 });
  });

  it('burns fast when the last day went badly even if the window is fine', () => {
    const failed = Array.from({ length: 1 }, (_, i) => 478 + i);
    const result = computeAvailability(hourlyChecks(now, 480, failed), options);
    expect(result.status).toBe('at-risk');
    expect(result.errorBudgetRemaining).toBe(0.5833);
    expect(result.burnRate).toBe(8.33);
  });

  it('can skip building the series', () => {
    const result = computeAvailability(hourlyChecks(now, 480), {
      ...options,
      includeSeries: false,
    });
    expect(result.series).toEqual([]);
    expect(result.sli).toBe(100);
  });
});

describe('computeCompleteness', () => {
  const now = MIDNIGHT + 6 * HOUR;
  const options = {
    now,
    windowMs: WINDOW_20D,
    target: 95,
    maxDropPercent: 5,
  };

  /** Daily updates at 02:00 on the days before `now`, oldest first. */
  function daily(rowCounts: number[]): UpdateObservation[] {
    return rowCounts.map((rowCount, i) => ({
      at: MIDNIGHT + 2 * HOUR - (rowCounts.length - 1 - i) * DAY,
      rowCount,
    }));
  }

  it('has no data without updates, and does not judge the very first update', () => {
    expect(computeCompleteness([], options).status).toBe('no-data');
    const first = computeCompleteness(daily([1000]), options);
    expect(first).toMatchObject({ total: 0, status: 'no-data' });
    expect(first.series[19].rowCount).toBe(1000);
  });

  it('passes an update at most maxDropPercent below the average of the previous seven', () => {
    // For the 8th update the previous 7 average 1000: 950 is exactly 5 % below.
    // For the 9th they average (6 * 1000 + 950) / 7 = 992.86: 943.21 passes, 943 not.
    const result = computeCompleteness(
      daily([1000, 1000, 1000, 1000, 1000, 1000, 1000, 950, 943]),
      options,
    );
    expect(result.total).toBe(8);
    expect(result.good).toBe(7);
    expect(result.series[19]).toMatchObject({
      good: 0,
      total: 1,
      rowCount: 943,
    });
    expect(result.series[18]).toMatchObject({ good: 1, rowCount: 950 });
  });

  it('uses only the last seven updates as the baseline', () => {
    // A big old load leaves the baseline after seven updates.
    const counts = [100_000, 100, 100, 100, 100, 100, 100, 100, 100];
    const result = computeCompleteness(daily(counts), options);
    // updates 2..8 are below the average that includes 100000; the 9th is not.
    expect(result.series[19]).toMatchObject({ good: 1, total: 1 });
    expect(result.good).toBe(1);
    expect(result.total).toBe(8);
  });

  it('takes the baseline from updates older than the window', () => {
    const counts = Array.from({ length: 30 }, () => 500);
    counts[29] = 400; // today: 20 % drop
    const result = computeCompleteness(daily(counts), options);
    expect(result.total).toBe(20);
    expect(result.good).toBe(19);
    expect(result.sli).toBe(95);
    expect(result.status).toBe('at-risk');
  });

  it('sorts late updates into place before judging them', () => {
    const updates = daily([1000, 1000, 1000, 1000, 300, 1000]);
    const late = [updates[4], ...updates.slice(0, 4), updates[5]];
    expect(computeCompleteness(late, options)).toEqual(
      computeCompleteness(updates, options),
    );
    const result = computeCompleteness(late, options);
    expect(result).toMatchObject({ good: 4, total: 5 });
  });

  it('ignores updates without a row count and duplicate timestamps', () => {
    const updates = daily([1000, 1000, 990]);
    const result = computeCompleteness(
      [
        ...updates,
        { at: updates[1].at, rowCount: 1 },
        { at: updates[2].at + HOUR },
      ],
      options,
    );
    expect(result).toMatchObject({ good: 2, total: 2 });
  });

  it('counts several updates a day separately', () => {
    const base = MIDNIGHT - DAY;
    const updates = [0, 6, 12, 18].map(h => ({
      at: base + h * HOUR,
      rowCount: h === 18 ? 10 : 100,
    }));
    const result = computeCompleteness(updates, options);
    expect(result.series[18]).toMatchObject({
      good: 2,
      total: 3,
      rowCount: 10,
    });
  });
});

describe('computeFreshness', () => {
  const now = MIDNIGHT + 6 * HOUR;
  const options = {
    now,
    windowMs: WINDOW_20D,
    target: 95,
    maxAgeMs: 24 * HOUR,
  };

  /** Daily updates at 02:00 for `days` days ending today. */
  function dailyAt2(days: number, skip: number[] = []): UpdateObservation[] {
    return Array.from({ length: days }, (_, i) => ({
      at: MIDNIGHT + 2 * HOUR - (days - 1 - i) * DAY,
    })).filter((_, i) => !skip.includes(i));
  }

  it('has no data before the first update', () => {
    const result = computeFreshness([], options);
    expect(result.status).toBe('no-data');
    expect(result.series).toHaveLength(20);
  });

  it('passes every day of a dataset updated exactly every 24 hours', () => {
    const result = computeFreshness(dailyAt2(25), options);
    expect(result).toMatchObject({ good: 20, total: 20, sli: 100 });
    expect(result.series[5].maxAgeHours).toBe(24);
    // today so far: 4 h since this morning's update, 22 h before it
    expect(result.series[19].maxAgeHours).toBe(24);
  });

  it('fails both days around a missed update', () => {
    // 25 updates, the one 10 days ago is missing
    const result = computeFreshness(dailyAt2(25, [14]), options);
    // day 9 of the window (index 9): from 00:00 the data is 22 h old and
    // grows to 46 h at midnight; day 10 until its 02:00 update: 48 h.
    expect(result.series[9]).toMatchObject({ good: 0, maxAgeHours: 46 });
    expect(result.series[10]).toMatchObject({ good: 0, maxAgeHours: 48 });
    expect(result).toMatchObject({ good: 18, total: 20, sli: 90 });
    expect(result.status).toBe('breached');
  });

  it('judges today only up to now', () => {
    // last update yesterday 02:00; now is 06:00: 28 h old already
    const result = computeFreshness(dailyAt2(25, [24]), options);
    expect(result.series[19]).toMatchObject({ good: 0, maxAgeHours: 28 });
    // at 01:00 today the data was 23 h old: still fresh
    const earlier = computeFreshness(dailyAt2(25, [24]), {
      ...options,
      now: MIDNIGHT + HOUR,
    });
    expect(earlier.series[19]).toMatchObject({ good: 1, maxAgeHours: 23 });
  });

  it('does not judge the days before the first update, and judges the first day from it', () => {
    const result = computeFreshness(dailyAt2(3), options);
    expect(result.total).toBe(3);
    expect(result.good).toBe(3);
    expect(result.series[16].value).toBeNull();
    // the first day: from its 02:00 update to midnight, 22 h
    expect(result.series[17].maxAgeHours).toBe(22);
  });

  it('uses the last update before the window for its first day', () => {
    const result = computeFreshness([{ at: MIDNIGHT - 30 * DAY }], options);
    expect(result.total).toBe(20);
    expect(result.good).toBe(0);
    expect(result.status).toBe('breached');
    expect(result.lastMeasurementAt).toBe(MIDNIGHT - 30 * DAY);
  });

  it('is the same for late, out-of-order and duplicate updates', () => {
    const updates = dailyAt2(25, [14]);
    const messy = [...updates].reverse().concat(updates.slice(0, 3));
    expect(computeFreshness(messy, options)).toEqual(
      computeFreshness(updates, options),
    );
  });

  it('finds the longest gap inside a day with several updates', () => {
    const day = MIDNIGHT - DAY;
    const result = computeFreshness(
      [
        { at: day - HOUR },
        { at: day + HOUR },
        { at: day + 4 * HOUR },
        { at: day + 23 * HOUR },
      ],
      { ...options, maxAgeMs: 12 * HOUR },
    );
    expect(result.series[18]).toMatchObject({ maxAgeHours: 19, good: 0 });
  });

  it('counts an age exactly at maxAge as fresh', () => {
    const result = computeFreshness(dailyAt2(25), {
      ...options,
      maxAgeMs: 24 * HOUR - 1,
    });
    expect(result.good).toBe(0);
  });
});
