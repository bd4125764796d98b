import {
  collectBreaches,
  countEmptyBuckets,
  describeChart,
  describeGoodEvents,
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
