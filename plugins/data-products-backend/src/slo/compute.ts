/*
 * SLOs computed from stored measurements: the pure computation (the maths
 * is in sli.ts) and the one read of the measurements it needs.
 */
import {
  COMPLETENESS_BASELINE_UPDATES,
  DAY_MS,
  HOUR_MS,
  ResolvedSlo,
} from './declarations';
import type { SloStore, StoredMeasurement } from './SloStore';
import {
  bucketWindow,
  computeAvailability,
  computeCompleteness,
  computeFreshness,
  SliResult,
} from './sli';

/** One SLO computed from a dataset's measurements. */
export interface ComputedSlo {
  slo: ResolvedSlo;
  result: SliResult;
}

/**
 * Pure: the SLOs of a dataset computed at `now` from its measurements (which
 * must cover the windows, plus the updates just before them).
 */
export function computeSlos(
  slos: ResolvedSlo[],
  measurements: StoredMeasurement[],
  now: number,
  includeSeries: boolean,
): ComputedSlo[] {
  const checks: { at: number; available: boolean }[] = [];
  const updates: { at: number; rowCount?: number }[] = [];
  for (const m of measurements) {
    if (m.kind === 'availability') {
      checks.push({ at: m.at, available: m.available === true });
    } else {
      updates.push({ at: m.at, rowCount: m.rowCount });
    }
  }
  return slos.map(slo => {
    const options = {
      now,
      windowMs: slo.windowMs,
      target: slo.target,
      includeSeries,
    };
    let result: SliResult;
    if (slo.kind === 'availability') {
      result = computeAvailability(checks, options);
    } else if (slo.kind === 'completeness') {
      result = computeCompleteness(updates, {
        ...options,
        maxDropPercent: slo.maxDropPercent!,
      });
    } else {
      result = computeFreshness(updates, {
        ...options,
        maxAgeMs: slo.maxAgeMs!,
      });
    }
    return { slo, result };
  });
}

/** Where the longest window of these SLOs starts at `now`. */
function firstWindowStart(slos: ResolvedSlo[], now: number): number {
  return Math.min(
    ...slos.map(
      s =>
        bucketWindow(
          now,
          s.windowMs,
          s.granularity === 'hour' ? HOUR_MS : DAY_MS,
        ).start,
    ),
  );
}

/** Completeness and freshness judge the first updates by the ones before. */
function needsUpdatesBefore(slos: ResolvedSlo[]): boolean {
  return slos.some(s => s.kind !== 'availability');
}

/**
 * Measurements covering every window of these SLOs at `now` (and `span`
 * before), plus the updates before.
 */
export async function loadSloMeasurements(
  store: SloStore,
  dataset: string,
  slos: ResolvedSlo[],
  now: number,
  span = 0,
): Promise<StoredMeasurement[]> {
  const start = firstWindowStart(slos, now) - span;
  const [inWindow, before] = await Promise.all([
    store.listMeasurements(dataset, { from: start, to: now }),
    needsUpdatesBefore(slos)
      ? store.listUpdatesBefore(dataset, start, COMPLETENESS_BASELINE_UPDATES)
      : [],
  ]);
  return [...before, ...inWindow];
}

/**
 * What `loadSloMeasurements` gives each of these datasets (lowercase refs,
 * each with SLOs), in two store queries however many datasets there are.
 */
export async function loadSloMeasurementsOfMany(
  store: SloStore,
  datasets: { dataset: string; slos: ResolvedSlo[] }[],
  now: number,
): Promise<Map<string, StoredMeasurement[]>> {
  const windows = datasets.map(({ dataset, slos }) => ({
    dataset,
    from: firstWindowStart(slos, now),
    updatesBefore: needsUpdatesBefore(slos),
  }));
  const [inWindow, before] = await Promise.all([
    store.listMeasurementsOfMany(windows, now),
    store.listUpdatesBeforeOfMany(
      windows
        .filter(w => w.updatesBefore)
        .map(w => ({ dataset: w.dataset, before: w.from })),
      COMPLETENESS_BASELINE_UPDATES,
    ),
  ]);
  return new Map(
    datasets.map(({ dataset }) => [
      dataset,
      [...(before.get(dataset) ?? []), ...(inWindow.get(dataset) ?? [])],
    ]),
  );
}
