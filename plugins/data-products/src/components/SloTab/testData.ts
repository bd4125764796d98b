/* Sample SLO reports for the tab and card tests, shaped as the backend answers. */
import type {
  DatasetSloReport,
  SloBreach,
  SloReport,
  SloSeriesPoint,
} from '@meshport/plugin-data-products-common';

export const EVALUATED_AT = '2026-11-21T10:00:00.000Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `count` buckets ending at the evaluation time, oldest first. */
export function series(
  count: number,
  bucketMs: number,
  point: (index: number) => Omit<SloSeriesPoint, 'at' | 'value'>,
): SloSeriesPoint[] {
  const end = new Date(EVALUATED_AT).getTime();
  return Array.from({ length: count }, (_, index) => {
    const p = point(index);
    return {
      ...p,
      at: new Date(end - (count - index) * bucketMs).toISOString(),
      value: p.total === 0 ? null : (100 * p.good) / p.total,
    };
  });
}

export const closedFreshnessBreach: SloBreach = {
  id: 'b-1',
  dataset: 'dataset:default/orders',
  kind: 'freshness',
  openedAt: '2026-11-10T06:00:00.000Z',
  closedAt: '2026-11-12T09:30:00.000Z',
  target: 95,
  sliAtOpen: 94.7,
  sliAtClose: 95.2,
};

export const openCompletenessBreach: SloBreach = {
  id: 'b-2',
  dataset: 'dataset:default/orders',
  kind: 'completeness',
  openedAt: '2026-11-20T22:00:00.000Z',
  target: 99,
  sliAtOpen: 98.9,
};

// 480 hourly checks: 2 failed, 3 hours without a check.
export const availability: SloReport = {
  kind: 'availability',
  target: 99.5,
  window: '20d',
  windowStart: '2026-11-01T10:00:00.000Z',
  windowEnd: EVALUATED_AT,
  objective: '99.5 % of hourly checks find the data available, over 20 days',
  sli: 99.58158995815899,
  good: 475,
  total: 477,
  status: 'at-risk',
  errorBudgetRemaining: 0.16,
  burnRate: 2.4,
  burnRateWindow: '24h',
  granularity: 'hour',
  series: series(480, HOUR, i => {
    if (i === 100 || i === 101 || i === 102) return { good: 0, total: 0 };
    if (i === 300 || i === 470) return { good: 0, total: 1 };
    return { good: 1, total: 1 };
  }),
  lastMeasurementAt: '2026-11-21T09:00:00.000Z',
  breaches: [],
};

export const completeness: SloReport = {
  kind: 'completeness',
  target: 99,
  window: '20d',
  windowStart: '2026-11-01T10:00:00.000Z',
  windowEnd: EVALUATED_AT,
  objective:
    '99 % of updates have a row count at most 5 % below the average of recent updates, over 20 days',
  maxDropPercent: 5,
  sli: 95,
  good: 19,
  total: 20,
  status: 'breached',
  errorBudgetRemaining: -4,
  burnRate: 12,
  burnRateWindow: '3d',
  granularity: 'day',
  series: series(20, DAY, i => ({
    good: i === 19 ? 0 : 1,
    total: 1,
    rowCount: i === 19 ? 800 : 1200,
  })),
  lastMeasurementAt: '2026-11-21T06:00:00.000Z',
  belowTargetSince: '2026-11-20T10:00:00.000Z',
  openBreach: openCompletenessBreach,
  breaches: [openCompletenessBreach],
};

export const freshness: SloReport = {
  kind: 'freshness',
  target: 95,
  window: '30d',
  windowStart: '2026-10-22T10:00:00.000Z',
  windowEnd: EVALUATED_AT,
  objective: '95 % of days the data is never older than 24 hours, over 30 days',
  maxAge: '24h',
  sli: 100,
  good: 30,
  total: 30,
  status: 'met',
  errorBudgetRemaining: 1,
  burnRate: 0,
  burnRateWindow: '3d',
  granularity: 'day',
  series: series(30, DAY, () => ({ good: 1, total: 1, maxAgeHours: 20 })),
  lastMeasurementAt: '2026-11-21T06:00:00.000Z',
  breaches: [closedFreshnessBreach],
};

export const ordersReport: DatasetSloReport = {
  dataset: 'dataset:default/orders',
  dataProduct: 'dataproduct:default/sales-orders',
  evaluatedAt: EVALUATED_AT,
  monitoring: true,
  sampleData: false,
  slos: [availability, completeness, freshness],
};

/** A report whose SLOs are declared but never measured. */
export const unmeasuredReport: DatasetSloReport = {
  ...ordersReport,
  slos: [availability, freshness].map(slo => ({
    ...slo,
    sli: null,
    good: 0,
    total: 0,
    status: 'no-data' as const,
    errorBudgetRemaining: null,
    burnRate: null,
    series: slo.series.map(p => ({
      at: p.at,
      good: 0,
      total: 0,
      value: null,
    })),
    lastMeasurementAt: undefined,
    openBreach: undefined,
    breaches: [],
  })),
};
