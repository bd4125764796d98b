/*
 * The SLI maths (availability, completeness, freshness), as pure functions
 * over fixed series: no clock, no I/O. Timestamps are epoch milliseconds; `now` is passed in.
 *
 * The window is made of whole buckets (UTC hours for availability, UTC days
 * for completeness and freshness): the last bucket is the one holding `now`
 * (still running), the first one starts `count - 1` buckets earlier, so a
 * `20d` availability window is exactly 480 hourly buckets. A measurement
 * counts when `windowStart <= at <= now`; later ones (clock skew) are ignored.
 *
 * Measurements may arrive late and in any order: every function sorts and
 * works from the whole series it is given, so recomputing after a late point
 * gives the same result as if it had arrived on time.
 *
 * Gaps (buckets without a measurement) are unknown, not failures: they are
 * left out of the SLI (and shown as gaps in the series). A missing check is a
 * monitoring problem, not evidence the data was unavailable. Freshness is the
 * exception by nature: a day without an update is judged by the age of the
 * previous update, so missing updates do count against it.
 */
import {
  SLO_AT_RISK_BUDGET_FRACTION,
  SLO_FAST_BURN_RATE,
  SloGranularity,
  SloStatus,
} from '@meshport/plugin-data-products-common';
import {
  BURN_RATE_WINDOW_MS,
  COMPLETENESS_BASELINE_UPDATES,
  DAY_MS,
  HOUR_MS,
} from './declarations';

export interface AvailabilityCheck {
  at: number;
  available: boolean;
}

export interface UpdateObservation {
  at: number;
  /** Absent for an update whose row count is unknown: it still counts for freshness. */
  rowCount?: number | null;
}

export interface SeriesPoint {
  /** Bucket start, epoch ms. */
  at: number;
  good: number;
  total: number;
  value: number | null;
  rowCount?: number;
  maxAgeHours?: number;
}

export interface SliResult {
  /** SLI %, rounded to 4 decimals; null without events. */
  sli: number | null;
  good: number;
  total: number;
  status: SloStatus;
  errorBudgetRemaining: number | null;
  burnRate: number | null;
  burnRateWindowMs: number;
  granularity: SloGranularity;
  windowStart: number;
  windowEnd: number;
  /** Empty when `includeSeries` is false. */
  series: SeriesPoint[];
  /** Latest measurement at or before `now` (any time, not only in the window). */
  lastMeasurementAt?: number;
}

export interface SliOptions {
  now: number;
  windowMs: number;
  /** Target %, (0, 100]. */
  target: number;
  /** Build the per-bucket series (the chart); default true. */
  includeSeries?: boolean;
}

export interface BucketWindow {
  /** Start of the first bucket. */
  start: number;
  /** `now`. */
  end: number;
  count: number;
  bucketMs: number;
}

/** The whole buckets of a window ending with the bucket that holds `now`. */
export function bucketWindow(
  now: number,
  windowMs: number,
  bucketMs: number,
): BucketWindow {
  const count = Math.max(1, Math.ceil(windowMs / bucketMs));
  const last = Math.floor(now / bucketMs) * bucketMs;
  return { start: last - (count - 1) * bucketMs, end: now, count, bucketMs };
}

/** Does `good` of `total` reach `target` %? Exact for whole counts. */
export function meetsTarget(good: number, total: number, target: number) {
  return good * 100 >= target * total - 1e-9;
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * Fraction of the error budget left: 1 untouched, 0 spent, below 0
 * overspent. The budget is the share of bad events the target allows
 * (`1 - target / 100`). A 100 % target has no budget: 1 while nothing
 * failed, -1 (fully overspent) after any failure. Null without events.
 */
export function errorBudgetRemaining(
  good: number,
  total: number,
  target: number,
): number | null {
  if (total <= 0) {
    return null;
  }
  const allowed = 1 - target / 100;
  const badFraction = (total - good) / total;
  if (allowed <= 1e-12) {
    return badFraction === 0 ? 1 : -1;
  }
  return round(1 - badFraction / allowed, 4);
}

/**
 * How many times faster than sustainable the budget burns: the bad share of
 * the recent events divided by the share the target allows. 1 spends the
 * budget exactly by the end of the window; 0 burns nothing. Null without
 * recent events, or when a 100 % target saw a failure (infinite).
 */
export function burnRate(
  good: number,
  total: number,
  target: number,
): number | null {
  if (total <= 0) {
    return null;
  }
  const bad = total - good;
  const allowed = 1 - target / 100;
  if (allowed <= 1e-12) {
    return bad === 0 ? 0 : null;
  }
  return round(bad / total / allowed, 2);
}

/** The status rules of the REST contract (see SLO_STATUSES). */
export function sloStatus(input: {
  good: number;
  total: number;
  target: number;
  errorBudgetRemaining: number | null;
  burnRate: number | null;
}): SloStatus {
  if (input.total <= 0) {
    return 'no-data';
  }
  if (!meetsTarget(input.good, input.total, input.target)) {
    return 'breached';
  }
  if (
    (input.errorBudgetRemaining !== null &&
      input.errorBudgetRemaining <= SLO_AT_RISK_BUDGET_FRACTION) ||
    (input.burnRate !== null && input.burnRate >= SLO_FAST_BURN_RATE)
  ) {
    return 'at-risk';
  }
  return 'met';
}

/** How many of the window's last buckets the burn rate looks at. */
export function burnBucketsOf(
  window: BucketWindow,
  granularity: SloGranularity,
): number {
  return Math.min(
    window.count,
    Math.max(1, Math.round(BURN_RATE_WINDOW_MS[granularity] / window.bucketMs)),
  );
}

/**
 * The availability status from hourly event counts of its window (as the
 * database counts them for many datasets at once): the same status
 * `computeAvailability` gives from the checks themselves.
 */
export function availabilityStatusFromCounts(
  counts: {
    good: number;
    total: number;
    recentGood: number;
    recentTotal: number;
  },
  target: number,
): SloStatus {
  return sloStatus({
    good: counts.good,
    total: counts.total,
    target,
    errorBudgetRemaining: errorBudgetRemaining(
      counts.good,
      counts.total,
      target,
    ),
    burnRate: burnRate(counts.recentGood, counts.recentTotal, target),
  });
}

/** Per-bucket good/total counts of a window, with optional extras. */
interface Buckets {
  window: BucketWindow;
  good: Float64Array;
  total: Float64Array;
}

function summarize(
  buckets: Buckets,
  options: SliOptions,
  granularity: SloGranularity,
  extras: (index: number, point: SeriesPoint) => void,
  lastMeasurementAt: number | undefined,
): SliResult {
  const { window, good, total } = buckets;
  const burnBuckets = burnBucketsOf(window, granularity);
  let sumGood = 0;
  let sumTotal = 0;
  let recentGood = 0;
  let recentTotal = 0;
  const includeSeries = options.includeSeries ?? true;
  const series: SeriesPoint[] = includeSeries ? new Array(window.count) : [];
  for (let i = 0; i < window.count; i++) {
    sumGood += good[i];
    sumTotal += total[i];
    if (i >= window.count - burnBuckets) {
      recentGood += good[i];
      recentTotal += total[i];
    }
    if (includeSeries) {
      const point: SeriesPoint = {
        at: window.start + i * window.bucketMs,
        good: good[i],
        total: total[i],
        value: total[i] > 0 ? round((good[i] * 100) / total[i], 2) : null,
      };
      extras(i, point);
      series[i] = point;
    }
  }
  const remaining = errorBudgetRemaining(sumGood, sumTotal, options.target);
  const rate = burnRate(recentGood, recentTotal, options.target);
  return {
    sli: sumTotal > 0 ? round((sumGood * 100) / sumTotal, 4) : null,
    good: sumGood,
    total: sumTotal,
    status: sloStatus({
      good: sumGood,
      total: sumTotal,
      target: options.target,
      errorBudgetRemaining: remaining,
      burnRate: rate,
    }),
    errorBudgetRemaining: remaining,
    burnRate: rate,
    burnRateWindowMs: burnBuckets * window.bucketMs,
    granularity,
    windowStart: window.start,
    windowEnd: window.end,
    series,
    ...(lastMeasurementAt !== undefined ? { lastMeasurementAt } : {}),
  };
}

function emptyBuckets(window: BucketWindow): Buckets {
  return {
    window,
    good: new Float64Array(window.count),
    total: new Float64Array(window.count),
  };
}

/**
 * Availability: each UTC hour with at least one check is one event, good
 * when every check in it found the data available (one failed probe makes
 * the hour unavailable). Hours without a check are gaps.
 */
export function computeAvailability(
  checks: readonly AvailabilityCheck[],
  options: SliOptions,
): SliResult {
  const window = bucketWindow(options.now, options.windowMs, HOUR_MS);
  const checked = new Uint8Array(window.count);
  const failed = new Uint8Array(window.count);
  let last: number | undefined;
  for (const check of checks) {
    if (check.at > options.now) {
      continue;
    }
    if (last === undefined || check.at > last) {
      last = check.at;
    }
    if (check.at < window.start) {
      continue;
    }
    const i = Math.floor((check.at - window.start) / HOUR_MS);
    checked[i] = 1;
    if (!check.available) {
      failed[i] = 1;
    }
  }
  const buckets = emptyBuckets(window);
  for (let i = 0; i < window.count; i++) {
    buckets.total[i] = checked[i];
    buckets.good[i] = checked[i] && !failed[i] ? 1 : 0;
  }
  return summarize(buckets, options, 'hour', () => {}, last);
}

/** Sorted by time, one observation per timestamp (the first given wins), none after `now`. */
function sortedUpdates(
  updates: readonly UpdateObservation[],
  now: number,
  withRowCount: boolean,
): UpdateObservation[] {
  const kept = updates.filter(
    u =>
      u.at <= now &&
      (!withRowCount ||
        (typeof u.rowCount === 'number' && Number.isFinite(u.rowCount))),
  );
  // Stable sort: among equal timestamps the first given stays first.
  kept.sort((a, b) => a.at - b.at);
  const unique: UpdateObservation[] = [];
  for (const u of kept) {
    if (unique.length === 0 || unique[unique.length - 1].at !== u.at) {
      unique.push(u);
    }
  }
  return unique;
}

export interface CompletenessOptions extends SliOptions {
  /** An update passes when its row count is at most this % below the baseline. */
  maxDropPercent: number;
  /** Previous updates averaged into the baseline; default 7. */
  baselineSize?: number;
}

/**
 * Completeness: every update in the window with a row count is one event,
 * good when its row count is at most `maxDropPercent` % below the average row
 * count of the previous `baselineSize` updates (which may be older than the
 * window). The very first update has no baseline and is not judged.
 */
export function computeCompleteness(
  updates: readonly UpdateObservation[],
  options: CompletenessOptions,
): SliResult {
  const window = bucketWindow(options.now, options.windowMs, DAY_MS);
  const baselineSize = Math.max(
    1,
    options.baselineSize ?? COMPLETENESS_BASELINE_UPDATES,
  );
  const sorted = sortedUpdates(updates, options.now, true);
  const buckets = emptyBuckets(window);
  const lastRowCount = new Array<number | undefined>(window.count);
  const factor = 1 - options.maxDropPercent / 100;
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rows = sorted[i].rowCount as number;
    const baselineCount = Math.min(i, baselineSize);
    if (sorted[i].at >= window.start) {
      const b = Math.floor((sorted[i].at - window.start) / DAY_MS);
      lastRowCount[b] = rows;
      if (baselineCount > 0) {
        const average = sum / baselineCount;
        buckets.total[b] += 1;
        if (rows >= average * factor - 1e-9) {
          buckets.good[b] += 1;
        }
      }
    }
    sum += rows;
    if (i >= baselineSize) {
      sum -= sorted[i - baselineSize].rowCount as number;
    }
  }
  return summarize(
    buckets,
    options,
    'day',
    (i, point) => {
      if (lastRowCount[i] !== undefined) {
        point.rowCount = lastRowCount[i];
      }
    },
    sorted.length ? sorted[sorted.length - 1].at : undefined,
  );
}

export interface FreshnessOptions extends SliOptions {
  /** The data may be at most this old, ms. */
  maxAgeMs: number;
}

/**
 * Freshness: every UTC day of the window (today up to `now`) is one event,
 * good when the data was never older than `maxAgeMs` during it. The age at a
 * moment is the time since the latest update at or before it; it peaks just
 * before each update and at the end of the day. A day before the first
 * update ever is not judged.
 */
export function computeFreshness(
  updates: readonly UpdateObservation[],
  options: FreshnessOptions,
): SliResult {
  const window = bucketWindow(options.now, options.windowMs, DAY_MS);
  const sorted = sortedUpdates(updates, options.now, false);
  const buckets = emptyBuckets(window);
  const maxAges = new Array<number | undefined>(window.count);
  // j: index of the first update after the current day's start.
  let j = 0;
  let previous: number | undefined;
  for (let d = 0; d < window.count; d++) {
    const dayStart = window.start + d * DAY_MS;
    const dayEnd = Math.min(dayStart + DAY_MS, options.now);
    while (j < sorted.length && sorted[j].at <= dayStart) {
      previous = sorted[j].at;
      j++;
    }
    let maxAge = -Infinity;
    let last = previous;
    let k = j;
    while (k < sorted.length && sorted[k].at <= dayEnd) {
      if (last !== undefined) {
        maxAge = Math.max(maxAge, sorted[k].at - last);
      }
      last = sorted[k].at;
      k++;
    }
    if (last === undefined) {
      continue; // no data yet on this day
    }
    maxAge = Math.max(maxAge, dayEnd - last);
    maxAges[d] = maxAge;
    buckets.total[d] = 1;
    buckets.good[d] = maxAge <= options.maxAgeMs ? 1 : 0;
  }
  return summarize(
    buckets,
    options,
    'day',
    (i, point) => {
      if (maxAges[i] !== undefined) {
        point.maxAgeHours = round((maxAges[i] as number) / HOUR_MS, 2);
      }
    },
    sorted.length ? sorted[sorted.length - 1].at : undefined,
  );
}
