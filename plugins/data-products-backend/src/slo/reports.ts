/*
 * Pure: the SLO reports the API returns, shaped from computed SLOs and
 * stored breaches.
 */
import type {
  SloBreach,
  SloReport,
  SloStatus,
} from '@meshport/plugin-data-products-common';
import { belowTargetSince } from './belowTarget';
import type { ComputedSlo } from './compute';
import type { StoredBreach } from './SloStore';
import { HOUR_MS } from './declarations';

/** Breaches per SLO in a report. */
export const RECENT_BREACHES = 10;

const STATUS_ORDER: SloStatus[] = ['breached', 'at-risk', 'no-data', 'met'];

function toBreach(b: StoredBreach): SloBreach {
  return {
    id: b.id,
    dataset: b.dataset,
    kind: b.kind,
    openedAt: b.openedAt,
    ...(b.closedAt ? { closedAt: b.closedAt } : {}),
    target: b.target,
    sliAtOpen: b.sliAtOpen,
    ...(b.sliAtClose !== undefined ? { sliAtClose: b.sliAtClose } : {}),
  };
}

export function toSloReport(
  { slo, result }: ComputedSlo,
  breaches: StoredBreach[],
): SloReport {
  const own = breaches.filter(b => b.kind === slo.kind);
  const open = own.find(b => !b.closedAt);
  const since =
    result.status === 'breached'
      ? belowTargetSince(result.series, slo.target)
      : undefined;
  return {
    kind: slo.kind,
    target: slo.target,
    window: slo.window,
    windowStart: new Date(result.windowStart).toISOString(),
    windowEnd: new Date(result.windowEnd).toISOString(),
    objective: slo.objective,
    ...(slo.maxDropPercent !== undefined
      ? { maxDropPercent: slo.maxDropPercent }
      : {}),
    ...(slo.maxAge !== undefined ? { maxAge: slo.maxAge } : {}),
    sli: result.sli,
    good: result.good,
    total: result.total,
    status: result.status,
    errorBudgetRemaining: result.errorBudgetRemaining,
    burnRate: result.burnRate,
    burnRateWindow: `${Math.round(result.burnRateWindowMs / HOUR_MS)}h`,
    granularity: result.granularity,
    series: result.series.map(p => ({
      at: new Date(p.at).toISOString(),
      good: p.good,
      total: p.total,
      value: p.value,
      ...(p.rowCount !== undefined ? { rowCount: p.rowCount } : {}),
      ...(p.maxAgeHours !== undefined ? { maxAgeHours: p.maxAgeHours } : {}),
    })),
    ...(result.lastMeasurementAt !== undefined
      ? { lastMeasurementAt: new Date(result.lastMeasurementAt).toISOString() }
      : {}),
    ...(since !== undefined
      ? { belowTargetSince: new Date(since).toISOString() }
      : {}),
    ...(open ? { openBreach: toBreach(open) } : {}),
    breaches: own.slice(0, RECENT_BREACHES).map(toBreach),
  };
}

/** The worst status of a dataset's SLOs. */
export function worstStatus(statuses: SloStatus[]): SloStatus | undefined {
  return STATUS_ORDER.find(s => statuses.includes(s));
}
