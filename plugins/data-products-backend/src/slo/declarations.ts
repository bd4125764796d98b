/*
 * A Dataset's declared SLOs (`spec.slos`) with the product's defaults (see
 * the README) filled in, as plain data for the SLI maths. Pure.
 *
 * - availability: hourly checks, rolling window (default 20 days);
 * - completeness: an update passes when its row count is at most
 *   `maxDropPercent` (default 5) below the average of the recent updates;
 * - freshness: a day passes when the data was never older than `maxAge`.
 */
import {
  DatasetEntity,
  formatDuration,
  parseDuration,
  SloGranularity,
  SloKind,
} from '@meshport/plugin-data-products-common';

import { DAY_MS, HOUR_MS } from '../lib/time';

export { DAY_MS, HOUR_MS };

/** Default: a rolling 20-day window. */
export const DEFAULT_SLO_WINDOW = '20d';
/** Default: an update may drop at most 5 % below the recent average. */
export const DEFAULT_MAX_DROP_PERCENT = 5;
/** How many previous updates make "the average of recent updates". */
export const COMPLETENESS_BASELINE_UPDATES = 7;

/** The period the burn rate looks at, per granularity. */
export const BURN_RATE_WINDOW_MS: Record<SloGranularity, number> = {
  hour: 24 * HOUR_MS,
  day: 3 * DAY_MS,
};

export interface ResolvedSlo {
  kind: SloKind;
  /** Target %, (0, 100]. */
  target: number;
  /** As declared or defaulted, e.g. `20d`. */
  window: string;
  windowMs: number;
  granularity: SloGranularity;
  /** Completeness only. */
  maxDropPercent?: number;
  /** Freshness only. */
  maxAge?: string;
  maxAgeMs?: number;
  /** A sentence for people. */
  objective: string;
}

function windowOf(declared: string | undefined): {
  window: string;
  windowMs: number;
} {
  const window = declared ?? DEFAULT_SLO_WINDOW;
  const windowMs = parseDuration(window);
  // The catalog validator rejects malformed durations; an entity that slipped
  // through still gets a usable window instead of breaking the whole tab.
  if (!windowMs || windowMs <= 0) {
    return {
      window: DEFAULT_SLO_WINDOW,
      windowMs: parseDuration(DEFAULT_SLO_WINDOW)!,
    };
  }
  return { window, windowMs };
}

function formatPercent(value: number): string {
  return `${Number(value.toFixed(3))} %`;
}

function describeWindow(windowMs: number): string {
  const text = formatDuration(windowMs);
  const match = /^(\d+)([mhd])$/.exec(text)!;
  const n = Number(match[1]);
  const unit = { m: 'minute', h: 'hour', d: 'day' }[
    match[2] as 'm' | 'h' | 'd'
  ];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The dataset's SLOs in a fixed order (availability, completeness, freshness); empty without `spec.slos`. */
export function resolveSlos(dataset: DatasetEntity): ResolvedSlo[] {
  const slos = dataset.spec?.slos;
  if (!slos) {
    return [];
  }
  const resolved: ResolvedSlo[] = [];
  if (slos.availability && typeof slos.availability.target === 'number') {
    const { window, windowMs } = windowOf(slos.availability.window);
    resolved.push({
      kind: 'availability',
      target: slos.availability.target,
      window,
      windowMs,
      granularity: 'hour',
      objective: `${formatPercent(
        slos.availability.target,
      )} of hourly checks find the data available, over ${describeWindow(
        windowMs,
      )}`,
    });
  }
  if (slos.completeness && typeof slos.completeness.target === 'number') {
    const { window, windowMs } = windowOf(slos.completeness.window);
    const maxDropPercent =
      slos.completeness.maxDropPercent ?? DEFAULT_MAX_DROP_PERCENT;
    resolved.push({
      kind: 'completeness',
      target: slos.completeness.target,
      window,
      windowMs,
      granularity: 'day',
      maxDropPercent,
      objective: `${formatPercent(
        slos.completeness.target,
      )} of updates have a row count at most ${formatPercent(
        maxDropPercent,
      )} below the average of the previous ${COMPLETENESS_BASELINE_UPDATES}, over ${describeWindow(
        windowMs,
      )}`,
    });
  }
  if (slos.freshness && typeof slos.freshness.target === 'number') {
    const maxAgeMs = parseDuration(slos.freshness.maxAge ?? '');
    if (maxAgeMs && maxAgeMs > 0) {
      const { window, windowMs } = windowOf(slos.freshness.window);
      resolved.push({
        kind: 'freshness',
        target: slos.freshness.target,
        window,
        windowMs,
        granularity: 'day',
        maxAge: slos.freshness.maxAge,
        maxAgeMs,
        objective: `${formatPercent(
          slos.freshness.target,
        )} of days on which the data is never older than ${describeWindow(
          maxAgeMs,
        )}, over ${describeWindow(windowMs)}`,
      });
    }
  }
  return resolved;
}

/**
 * How far back raw measurements must reach to compute these SLOs: the longest
 * window, plus room for the completeness baseline and the last update before
 * the window (freshness).
 */
export function rawLookbackMs(slos: ResolvedSlo[]): number {
  const longest = Math.max(0, ...slos.map(s => s.windowMs));
  return longest + 14 * DAY_MS;
}

/** Only what the SLO feature reads from Dataset entities. */
export const SLO_ENTITY_FIELDS = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec',
  'relations',
];
