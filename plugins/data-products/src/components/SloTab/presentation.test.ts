import type { SloReport } from '@meshport/plugin-data-products-common';
import {
  collectBreaches,
  countEmptyBuckets,
  describeChart,
  describeGoodEvents,
  explainErrorBudget,
  errorBudgetBarValue,
  formatBreachDuration,
  formatBurnRate,
  formatErrorBudget,
  formatSli,
  hasNoDataYet,
} from './presentation';
import {
  availability,
  closedFreshnessBreach,
  completeness,
  freshness,
  openCompletenessBreach,
  ordersReport,
  unmeasuredReport,
} from './testData';

describe('formatSli', () => {
  it.each([
    [100, '100%'],
    [99.5, '99.5%'],
    [99.58158995815899, '99.58%'],
    // never rounded up past a target: 99.996 is not 100
    [99.996, '99.99%'],
    [99.999, '99.99%'],
    [0, '0%'],
    [null, '–'],
    [Number.NaN, '–'],
  ])('%s -> %s', (value, text) => {
    expect(formatSli(value)).toBe(text);
  });
});

describe('formatErrorBudget', () => {
  it.each([
    [1, '100% left'],
    [0.444, '44% left'],
    [0.004, 'Less than 1% left'],
    [0, 'Spent'],
    [-0.002, 'Overspent by 1%'],
    [-4, 'Overspent by 400%'],
    [null, 'No data'],
  ])('%s -> %s', (fraction, text) => {
    expect(formatErrorBudget(fraction)).toBe(text);
  });
});

describe('errorBudgetBarValue', () => {
  it.each([
    [1, 100],
    [0.16, 16],
    [0, 0],
    [-4, 0],
    [1.5, 100],
    [null, 0],
  ])('%s -> %s', (fraction, value) => {
    expect(errorBudgetBarValue(fraction)).toBeCloseTo(value);
  });
});

describe('formatBurnRate', () => {
  it.each([
    [2.4, '24h', '2.4× over the last 24 hours'],
    [0, '3d', '0.0× over the last 3 days'],
    [12.3, '3d', '12× over the last 3 days'],
    [null, '24h', 'No data in the last 24 hours'],
  ])('%s over %s -> %s', (rate, window, text) => {
    expect(formatBurnRate(rate, window)).toBe(text);
  });
});

describe('describeGoodEvents', () => {
  it('counts checks, updates or days in the words of each SLI', () => {
    expect(describeGoodEvents(availability)).toBe(
      '475 of 477 hourly checks found the data available',
    );
    expect(describeGoodEvents(completeness)).toBe(
      '19 of 20 updates were complete',
    );
    expect(describeGoodEvents(freshness)).toBe('30 of 30 days were fresh');
    expect(describeGoodEvents({ ...freshness, good: 1, total: 1 })).toBe(
      '1 of 1 day were fresh',
    );
  });

  it('says when the window holds nothing yet', () => {
    expect(describeGoodEvents(unmeasuredReport.slos[0])).toBe(
      'No hourly checks in the window yet',
    );
  });
});

describe('describeChart', () => {
  it('summarises the window, the SLI, the target and the gaps', () => {
    expect(countEmptyBuckets(availability.series)).toBe(3);
    expect(describeChart(availability)).toBe(
      'Availability over 20 days: 475 of 477 hourly checks found the data available (99.58%), target 99.5%. 3 hours without data.',
    );
    expect(describeChart(freshness)).toBe(
      'Freshness over 30 days: 30 of 30 days were fresh (100%), target 95%.',
    );
  });
});

describe('collectBreaches', () => {
  it('lists every breach once, newest first', () => {
    expect(collectBreaches(ordersReport)).toEqual([
      openCompletenessBreach,
      closedFreshnessBreach,
    ]);
  });
});

describe('formatBreachDuration', () => {
  const now = new Date('2026-11-21T10:00:00.000Z');
  it.each([
    ['2026-11-10T06:00:00Z', '2026-11-12T09:30:00Z', '2 d 3 h'],
    ['2026-11-20T22:00:00Z', undefined, '12 h'],
    ['2026-11-21T08:40:00Z', undefined, '1 h 20 min'],
    ['2026-11-21T09:15:00Z', undefined, '45 min'],
    ['2026-11-19T10:00:00Z', '2026-11-20T10:00:00Z', '1 d'],
  ])('%s to %s -> %s', (openedAt, closedAt, text) => {
    expect(formatBreachDuration(openedAt, closedAt, now)).toBe(text);
  });
});

describe('hasNoDataYet', () => {
  it('is true only when no SLO has any measurement', () => {
    expect(hasNoDataYet(unmeasuredReport)).toBe(true);
    expect(hasNoDataYet(ordersReport)).toBe(false);
    expect(hasNoDataYet({ ...ordersReport, slos: [] })).toBe(false);
  });
});

describe('explainErrorBudget', () => {
  const base: SloReport = {
    kind: 'availability',
    target: 99.5,
    window: '20d',
    windowStart: '2026-01-01T00:00:00.000Z',
    windowEnd: '2026-01-21T00:00:00.000Z',
    objective: '',
    sli: 98.5,
    good: 473,
    total: 480,
    status: 'breached',
    errorBudgetRemaining: -2.33,
    burnRate: 0,
    burnRateWindow: '24h',
    granularity: 'hour',
    series: [],
    breaches: [],
  };

  it.each<[string, Partial<SloReport>, string]>([
    [
      'overspent, nothing failed lately: why the burn rate is 0',
      {},
      'At 99.5%, the window lets 2 of 480 hourly checks fail; 7 failed, so the error budget is overspent by 233%. None failed in the last 24 hours (burn rate 0×), so the SLI recovers as the old failures leave the window.',
    ],
    [
      'burning fast with budget left',
      {
        good: 479,
        errorBudgetRemaining: 0.58,
        burnRate: 2.4,
        status: 'at-risk',
      },
      'At 99.5%, the window lets 2 of 480 hourly checks fail; 1 failed, so 58% of the error budget is left. In the last 24 hours failures came 2.4 times as fast as the budget allows (burn rate 2.4×), so it runs out before the window ends.',
    ],
    [
      'slow burn',
      { good: 479, errorBudgetRemaining: 0.58, burnRate: 0.4, status: 'met' },
      'At 99.5%, the window lets 2 of 480 hourly checks fail; 1 failed, so 58% of the error budget is left. In the last 24 hours failures came at 0.4 of the pace the budget allows (burn rate 0.4×).',
    ],
    [
      'nothing failed',
      { good: 480, errorBudgetRemaining: 1, burnRate: 0, status: 'met' },
      'At 99.5%, the window lets 2 of 480 hourly checks fail; none failed, so the whole error budget is left. None failed in the last 24 hours (burn rate 0×).',
    ],
    [
      'no recent data',
      { good: 480, errorBudgetRemaining: 1, burnRate: null, status: 'met' },
      'At 99.5%, the window lets 2 of 480 hourly checks fail; none failed, so the whole error budget is left. Nothing was measured in the last 24 hours, so there is no recent burn rate.',
    ],
    [
      'a 100% target after a failure',
      {
        kind: 'completeness',
        target: 100,
        good: 19,
        total: 20,
        errorBudgetRemaining: -1,
        burnRate: null,
        burnRateWindow: '72h',
      },
      'At 100%, the window lets none of 20 updates fail; 1 failed, so the error budget is overspent by 100%. A 100% target has no budget to burn.',
    ],
    [
      'no data',
      { good: 0, total: 0, errorBudgetRemaining: null, burnRate: null },
      'No hourly checks in the window yet, so no error budget is spent.',
    ],
  ])('%s', (_name, change, expected) => {
    expect(explainErrorBudget({ ...base, ...change })).toBe(expected);
  });
});
