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
import type { SloStatus } from '@meshport/plugin-data-products-common';
import type {
  AvailabilityCounts,
  SloStore,
  StoredMeasurement,
  WindowsOfMany,
} from './SloStore';
import {
  availabilityStatusFromCounts,
  bucketWindow,
  burnBucketsOf,
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
 * What the statuses of these datasets (lowercase refs, each with SLOs) need
 * at `now`, in three store queries however many datasets there are: the
 * updates of their completeness and freshness windows (and the ones before),
 * and their availability windows counted in hourly events.
 */
export function loadSloInputsOfMany(
  store: SloStore,
  datasets: { dataset: string; slos: ResolvedSlo[] }[],
  now: number,
): Promise<WindowsOfMany> {
  const updates = [];
  const availability = [];
  for (const { dataset, slos } of datasets) {
    // From where the per-dataset read starts (the longest window of all
    // kinds), so that the completeness baseline is the one it sees.
    if (needsUpdatesBefore(slos)) {
      updates.push({ dataset, from: firstWindowStart(slos, now) });
    }
    const slo = slos.find(s => s.kind === 'availability');
    if (slo) {
      const window = bucketWindow(now, slo.windowMs, HOUR_MS);
      const recent = window.count - burnBucketsOf(window, 'hour');
      availability.push({
        dataset,
        from: window.start,
        recentFrom: window.start + recent * HOUR_MS,
      });
    }
  }
  return store.readWindowsOfMany({
    to: now,
    updates,
    baseline: COMPLETENESS_BASELINE_UPDATES,
    availability,
  });
}

const NO_CHECKS = { good: 0, total: 0, recentGood: 0, recentTotal: 0 };

/**
 * Pure: the status of each SLO of a dataset, from what
 * `loadSloInputsOfMany` read for it: the statuses `computeSlos` gives.
 */
export function computeSloStatuses(
  slos: ResolvedSlo[],
  inputs: { updates?: StoredMeasurement[]; availability?: AvailabilityCounts },
  now: number,
): SloStatus[] {
  return slos.map(slo =>
    slo.kind === 'availability'
      ? availabilityStatusFromCounts(
          inputs.availability ?? NO_CHECKS,
          slo.target,
        )
      : computeSlos([slo], inputs.updates ?? [], now, false)[0].result.status,
  );
}
