/*
 * Pure helpers that turn the backend's SLO report into the words and numbers
 * the SLOs tab and the summary card show. Kept free of React so that the
 * wording and rounding can be tested on their own.
 */
import type {
  DatasetSloReport,
  SloBreach,
  SloKind,
  SloReport,
  SloSeriesPoint,
  SloStatus,
} from '@meshport/plugin-data-products-common';
import { describeDuration } from '../../lib/presentation';

export { formatTimestamp } from '../shared/localTime';

export const SLO_KIND_LABELS: Record<SloKind, string> = {
  availability: 'Availability',
  completeness: 'Completeness',
  freshness: 'Freshness',
};

export const SLO_STATUS_LABELS: Record<SloStatus, string> = {
  met: 'Met',
  'at-risk': 'At risk',
  breached: 'Breached',
  'no-data': 'No data',
};

/** What one event of each SLI is, singular and plural. */
const EVENT_WORDS: Record<SloKind, [string, string]> = {
  availability: ['hourly check', 'hourly checks'],
  completeness: ['update', 'updates'],
  freshness: ['day', 'days'],
};

/** What a good event of each SLI is. */
const GOOD_WORDS: Record<SloKind, string> = {
  availability: 'found the data available',
  completeness: 'were complete',
  freshness: 'were fresh',
};

/**
 * `99.72%`, `100%`, `-` without data. Truncated (not rounded) to two
 * decimals: rounding 99.996 up to `100%` would show a breached 99.999 % SLO
 * as met.
 */
export function formatSli(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  const truncated = Math.floor(value * 100 + 1e-9) / 100;
  return `${Number(truncated.toFixed(2))}%`;
}

/** `99.5%`: a target as the spec author wrote it. */
export function formatTarget(target: number): string {
  return `${target}%`;
}

/** The error budget left, in words: `44% left`, `Spent`, `Overspent by 120%`. */
export function formatErrorBudget(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) {
    return 'No data';
  }
  const percent = Math.round(fraction * 100);
  if (fraction < 0) {
    return `Overspent by ${Math.max(1, -percent)}%`;
  }
  if (percent === 0) {
    return fraction > 0 ? 'Less than 1% left' : 'Spent';
  }
  return `${percent}% left`;
}

/** The error budget left as a 0..100 bar value (an overspent budget is an empty bar). */
export function errorBudgetBarValue(fraction: number | null): number {
  if (fraction === null || !Number.isFinite(fraction)) {
    return 0;
  }
  return Math.min(100, Math.max(0, fraction * 100));
}

/** `2.5× over the last 24 hours`; says so when there is no data in that span. */
export function formatBurnRate(rate: number | null, window: string): string {
  const span = `the last ${describeDuration(window)}`;
  if (rate === null || !Number.isFinite(rate)) {
    return `No data in ${span}`;
  }
  const digits = rate >= 10 ? 0 : 1;
  return `${rate.toFixed(digits)}× over ${span}`;
}

/** `470 of 480 hourly checks found the data available`. */
export function describeGoodEvents(slo: SloReport): string {
  const [singular, plural] = EVENT_WORDS[slo.kind];
  if (slo.total === 0) {
    return `No ${plural} in the window yet`;
  }
  const noun = slo.total === 1 ? singular : plural;
  return `${slo.good} of ${slo.total} ${noun} ${GOOD_WORDS[slo.kind]}`;
}

/** How many buckets of the window hold no measurement (gaps in the chart). */
export function countEmptyBuckets(series: SloSeriesPoint[]): number {
  return series.filter(point => point.total === 0).length;
}

/**
 * The chart's text alternative: what a sighted user reads off it.
 * e.g. `Availability over 20 days: 470 of 480 hourly checks found the data
 * available (97.91%), target 99.5%. 3 hours without data.`
 */
export function describeChart(slo: SloReport): string {
  const name = SLO_KIND_LABELS[slo.kind];
  const window = describeDuration(slo.window);
  const parts = [`${name} over ${window}: ${describeGoodEvents(slo)}`];
  if (slo.sli !== null) {
    parts[0] += ` (${formatSli(slo.sli)})`;
  }
  parts[0] += `, target ${formatTarget(slo.target)}.`;
  const empty = countEmptyBuckets(slo.series);
  if (empty > 0) {
    const unit = slo.granularity === 'hour' ? 'hour' : 'day';
    parts.push(`${empty} ${unit}${empty === 1 ? '' : 's'} without data.`);
  }
  return parts.join(' ');
}

/** Every breach of the report's SLOs, newest first, each once. */
export function collectBreaches(report: DatasetSloReport): SloBreach[] {
  const byId = new Map<string, SloBreach>();
  for (const slo of report.slos) {
    for (const breach of slo.breaches) {
      byId.set(breach.id, breach);
    }
    if (slo.openBreach) {
      byId.set(slo.openBreach.id, slo.openBreach);
    }
  }
  return [...byId.values()].sort((a, b) =>
    b.openedAt.localeCompare(a.openedAt),
  );
}

/** `3 h 20 min`, `2 d 4 h`, `45 min`: how long a breach lasted (or lasts so far). */
export function formatBreachDuration(
  openedAt: string,
  closedAt: string | undefined,
  now: Date,
): string {
  const end = closedAt ? new Date(closedAt) : now;
  const minutes = Math.max(
    0,
    Math.round((end.getTime() - new Date(openedAt).getTime()) / 60_000),
  );
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) {
    return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  }
  if (hours > 0) {
    return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  }
  return `${rest} min`;
}

/** True when no SLO of the report has a single measurement in its window. */
export function hasNoDataYet(report: DatasetSloReport): boolean {
  return (
    report.slos.length > 0 && report.slos.every(slo => slo.status === 'no-data')
  );
}

/** `2 hourly checks`, `1 update`. */
function countOf(kind: SloKind, count: number): string {
  const [singular, plural] = EVENT_WORDS[kind];
  return `${count.toLocaleString()} ${count === 1 ? singular : plural}`;
}

/**
 * The error budget and the burn rate in one sentence a person follows: how
 * many events the target lets fail in the window, how many did, what that
 * leaves, and how fast failures came recently compared with what the budget
 * allows. e.g. `At 99.5%, the window lets 2 of 480 hourly checks fail; 7
 * failed, so the error budget is overspent by 233%. None failed in the last
 * 24 hours (burn rate 0×), so the SLI recovers as the old failures leave the
 * window.`
 */
export function explainErrorBudget(slo: SloReport): string {
  const { kind, target, good, total } = slo;
  const recent = `the last ${describeDuration(slo.burnRateWindow)}`;
  if (total === 0 || slo.errorBudgetRemaining === null) {
    return `No ${EVENT_WORDS[kind][1]} in the window yet, so no error budget is spent.`;
  }
  const failed = total - good;
  const allowed = Math.floor(((100 - target) / 100) * total + 1e-9);
  const percent = Math.round(slo.errorBudgetRemaining * 100);
  let spent: string;
  if (slo.errorBudgetRemaining < 0) {
    spent = `so the error budget is overspent by ${Math.max(1, -percent)}%`;
  } else if (failed === 0) {
    spent = 'so the whole error budget is left';
  } else {
    spent = `so ${
      percent === 0 ? 'less than 1%' : `${percent}%`
    } of the error budget is left`;
  }
  const head = `At ${formatTarget(target)}, the window lets ${
    allowed === 0 ? 'none' : allowed.toLocaleString()
  } of ${countOf(kind, total)} fail; ${
    failed === 0 ? 'none' : failed.toLocaleString()
  } failed, ${spent}.`;
  const rate = slo.burnRate;
  let burn: string;
  if (rate === null || !Number.isFinite(rate)) {
    burn =
      failed > 0 && allowed === 0
        ? `A ${formatTarget(target)} target has no budget to burn.`
        : `Nothing was measured in ${recent}, so there is no recent burn rate.`;
  } else if (rate === 0) {
    burn =
      slo.errorBudgetRemaining < 0
        ? `None failed in ${recent} (burn rate 0×), so the SLI recovers as the old failures leave the window.`
        : `None failed in ${recent} (burn rate 0×).`;
  } else {
    const times = rate.toFixed(rate >= 10 ? 0 : 1);
    burn =
      rate >= 1
        ? `In ${recent} failures came ${times} times as fast as the budget allows (burn rate ${times}×), so it runs out before the window ends.`
        : `In ${recent} failures came at ${times} of the pace the budget allows (burn rate ${times}×).`;
  }
  return `${head} ${burn}`;
}
