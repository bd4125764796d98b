import { dataset } from '../testing/entities';
import { rawLookbackMs, resolveSlos } from './declarations';

const DAY = 86_400_000;

describe('resolveSlos', () => {
  it('has no SLOs without spec.slos', () => {
    expect(resolveSlos(dataset('raw', 'p'))).toEqual([]);
  });

  it('gives SLOs that declare only their targets a 20-day window and, for completeness, a 5 % drop', () => {
    const slos = resolveSlos(
      dataset('orders', 'p', {
        slos: {
          freshness: { target: 95, maxAge: '24h' },
          completeness: { target: 95 },
          availability: { target: 99.5 },
        },
      }),
    );
    expect(slos).toEqual([
      {
        kind: 'availability',
        target: 99.5,
        window: '20d',
        windowMs: 20 * DAY,
        granularity: 'hour',
        objective:
          '99.5 % of hourly checks find the data available, over 20 days',
      },
      {
        kind: 'completeness',
        target: 95,
        window: '20d',
        windowMs: 20 * DAY,
        granularity: 'day',
        maxDropPercent: 5,
        objective:
          '95 % of updates have a row count at most 5 % below the average of the previous 7, over 20 days',
      },
      {
        kind: 'freshness',
        target: 95,
        window: '20d',
        windowMs: 20 * DAY,
        granularity: 'day',
        maxAge: '24h',
        maxAgeMs: DAY,
        objective:
          '95 % of days on which the data is never older than 1 day, over 20 days',
      },
    ]);
    expect(rawLookbackMs(slos)).toBe(34 * DAY);
  });

  it('keeps declared windows and drops a freshness SLO without a usable maxAge', () => {
    const slos = resolveSlos(
      dataset('orders', 'p', {
        slos: {
          availability: { target: 99, window: '7d' },
          freshness: { target: 95, maxAge: 'soon' },
        },
      }),
    );
    expect(slos.map(s => [s.kind, s.window])).toEqual([['availability', '7d']]);
    expect(slos[0].objective).toBe(
      '99 % of hourly checks find the data available, over 7 days',
    );
  });
});
