import type { SloSeriesPoint } from '@meshport/plugin-data-products-common';
import {
  bucketState,
  cumulativeSli,
  linePath,
  niceStep,
  sliAxis,
  tickIndices,
} from './chart';

const point = (good: number, total: number): SloSeriesPoint => ({
  at: '2026-11-01T00:00:00.000Z',
  good,
  total,
  value: total === 0 ? null : (100 * good) / total,
});

describe('bucketState', () => {
  it.each([
    [1, 1, 'good'],
    [3, 3, 'good'],
    [0, 1, 'bad'],
    [1, 2, 'partial'],
    [0, 0, 'empty'],
  ])('%s of %s -> %s', (good, total, state) => {
    expect(bucketState(point(good, total))).toBe(state);
  });
});

describe('cumulativeSli', () => {
  it('is null before the first event and then counts from the window start', () => {
    expect(
      cumulativeSli([
        point(0, 0),
        point(1, 1),
        point(0, 1),
        point(0, 0),
        point(2, 2),
      ]),
    ).toEqual([null, 100, 50, 50, 75]);
  });

  it('ends at the SLI over the whole window', () => {
    const series = [point(1, 1), point(0, 1), point(1, 1), point(1, 1)];
    expect(cumulativeSli(series).at(-1)).toBe(75);
  });

  it('is empty for an empty series', () => {
    expect(cumulativeSli([])).toEqual([]);
  });
});

describe('niceStep', () => {
  it.each([
    [0.12, 0.2],
    [0.3, 0.5],
    [0.9, 1],
    [2.2, 2.5],
    [7, 10],
    [15, 20],
    [0, 1],
  ])('%s -> %s', (raw, step) => {
    expect(niceStep(raw)).toBeCloseTo(step);
  });
});

describe('sliAxis', () => {
  it('shows the target and 100 with room when every value is 100', () => {
    const axis = sliAxis([100, 100], 99.5);
    expect(axis.max).toBe(100);
    expect(axis.min).toBeLessThan(99.5);
    expect(axis.min).toBeGreaterThanOrEqual(99);
    expect(axis.ticks[0]).toBe(axis.min);
    expect(axis.ticks.at(-1)).toBe(100);
  });

  it('reaches down to a value far below the target', () => {
    const axis = sliAxis([null, 60, 80], 95);
    expect(axis.min).toBeLessThan(60);
    expect(axis.ticks).toContain(100);
  });

  it('never goes below 0', () => {
    expect(sliAxis([0], 90).min).toBe(0);
  });

  it('has round, increasing ticks', () => {
    const { ticks } = sliAxis([97.9, 100], 99.5);
    for (let i = 1; i < ticks.length; i++) {
      expect(ticks[i]).toBeGreaterThan(ticks[i - 1]);
    }
    expect(ticks.every(t => Number(t.toFixed(6)) === t)).toBe(true);
    expect(ticks.length).toBeLessThanOrEqual(7);
  });
});

describe('linePath', () => {
  const x = (i: number) => i * 10;
  const y = (v: number) => 100 - v;

  it('draws through the values', () => {
    expect(linePath([100, 50, 75], x, y)).toBe('M0,0 L10,50 L20,25');
  });

  it('lifts the pen over nulls instead of bridging them', () => {
    expect(linePath([null, 100, null, 90, 80], x, y)).toBe(
      'M10,0 M30,10 L40,20',
    );
  });

  it('is empty without values', () => {
    expect(linePath([null, null], x, y)).toBe('');
  });
});

describe('tickIndices', () => {
  it('spreads the ticks and keeps both ends', () => {
    expect(tickIndices(480, 5)).toEqual([0, 120, 240, 359, 479]);
    expect(tickIndices(3, 5)).toEqual([0, 1, 2]);
    expect(tickIndices(0, 5)).toEqual([]);
  });
});
