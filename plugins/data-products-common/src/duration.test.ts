import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['24h', 24 * 3_600_000],
    ['20d', 20 * 86_400_000],
    ['0h', 0],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['1 day', '24', 'h', '1.5h', '-1d', '10s', ' 24h'])(
    'rejects %j',
    text => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it('uses the largest unit that fits exactly', () => {
    expect(formatDuration(2 * 86_400_000)).toBe('2d');
    expect(formatDuration(36 * 3_600_000)).toBe('36h');
    expect(formatDuration(90 * 60_000)).toBe('90m');
  });

  it('rounds below a minute so the result parses again', () => {
    expect(formatDuration(100_000)).toBe('2m');
    expect(parseDuration(formatDuration(12_345_678))).toBe(206 * 60_000);
  });
});
