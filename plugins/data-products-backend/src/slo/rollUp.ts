/*
 * The roll-up arithmetic of the SLO store: raw measurements into hourly
 * (availability) and daily (update) aggregates, and merging a later roll-up
 * into a bucket already stored. Pure.
 */
import { DAY_MS, HOUR_MS } from './declarations';
import { SAMPLE_SOURCE, SloAggregate, StoredMeasurement } from './SloStore';

/**
 * Rolls sorted raw measurements of one dataset up into aggregates:
 * availability per UTC hour, updates per UTC day. `previousUpdateAt` is the
 * last update before the first one given (for the first gap). Pure.
 */
export function rollUp(
  measurements: StoredMeasurement[],
  previousUpdateAt?: number,
): SloAggregate[] {
  const byBucket = new Map<string, SloAggregate>();
  let lastUpdate = previousUpdateAt;
  const sorted = [...measurements].sort((a, b) => a.at - b.at);
  for (const m of sorted) {
    const granularity = m.kind === 'availability' ? 'hour' : 'day';
    const size = granularity === 'hour' ? HOUR_MS : DAY_MS;
    const bucketStart = Math.floor(m.at / size) * size;
    const key = `${m.kind}/${bucketStart}`;
    let agg = byBucket.get(key);
    if (!agg) {
      agg = {
        kind: m.kind,
        granularity,
        bucketStart,
        measurements: 0,
        firstAt: m.at,
        lastAt: m.at,
        sample: false,
        ...(m.kind === 'availability' ? { unavailable: 0 } : {}),
      };
      byBucket.set(key, agg);
    }
    agg.measurements += 1;
    agg.lastAt = m.at;
    agg.sample = agg.sample || m.source === SAMPLE_SOURCE;
    if (m.kind === 'availability') {
      if (m.available === false) {
        agg.unavailable = (agg.unavailable ?? 0) + 1;
      }
    } else {
      if (m.rowCount !== undefined) {
        agg.rowCountMin = Math.min(agg.rowCountMin ?? Infinity, m.rowCount);
        agg.rowCountMax = Math.max(agg.rowCountMax ?? -Infinity, m.rowCount);
        agg.rowCountLast = m.rowCount;
      }
      if (lastUpdate !== undefined) {
        agg.maxGapMs = Math.max(agg.maxGapMs ?? 0, m.at - lastUpdate);
      }
      lastUpdate = m.at;
    }
  }
  return [...byBucket.values()];
}

/** Combines an existing aggregate with a later roll-up of the same bucket. */
export function mergeAggregates(
  a: SloAggregate,
  b: SloAggregate,
): SloAggregate {
  const defined = (...values: Array<number | undefined>) =>
    values.filter((v): v is number => v !== undefined);
  const min = (x?: number, y?: number) =>
    defined(x, y).length ? Math.min(...defined(x, y)) : undefined;
  const max = (x?: number, y?: number) =>
    defined(x, y).length ? Math.max(...defined(x, y)) : undefined;
  const later = b.lastAt >= a.lastAt ? b : a;
  return {
    ...a,
    measurements: a.measurements + b.measurements,
    ...(a.unavailable !== undefined || b.unavailable !== undefined
      ? { unavailable: (a.unavailable ?? 0) + (b.unavailable ?? 0) }
      : {}),
    firstAt: Math.min(a.firstAt, b.firstAt),
    lastAt: Math.max(a.lastAt, b.lastAt),
    rowCountMin: min(a.rowCountMin, b.rowCountMin),
    rowCountMax: max(a.rowCountMax, b.rowCountMax),
    rowCountLast: later.rowCountLast ?? a.rowCountLast ?? b.rowCountLast,
    maxGapMs: max(a.maxGapMs, b.maxGapMs),
    sample: a.sample || b.sample,
  };
}
