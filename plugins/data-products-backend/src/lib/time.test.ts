import { formatDateTime, formatElapsed } from './time';

describe('formatDateTime', () => {
  it('writes an instant as a person reads it, in UTC and saying so', () => {
    expect(formatDateTime('2026-12-02T14:05:59.123Z')).toBe(
      '2 December 2026 at 14:05 UTC',
    );
    expect(formatDateTime(Date.UTC(2027, 0, 1, 0, 0))).toBe(
      '1 January 2027 at 00:00 UTC',
    );
    expect(formatDateTime(new Date(Date.UTC(2026, 5, 9, 23, 59)))).toBe(
      '9 June 2026 at 23:59 UTC',
    );
  });

  it('shows text that is not an instant as it is', () => {
    expect(formatDateTime('soon')).toBe('soon');
  });
});

describe('formatElapsed', () => {
  const MINUTE = 60_000;
  it.each([
    [0, 'less than a minute'],
    [59_999, 'less than a minute'],
    [MINUTE, '1 minute'],
    [45 * MINUTE, '45 minutes'],
    [60 * MINUTE, '1 hour'],
    [125 * MINUTE, '2 hours and 5 minutes'],
    [24 * 60 * MINUTE, '1 day'],
    [(3 * 24 * 60 + 4 * 60 + 59) * MINUTE, '3 days and 4 hours'],
    [(20 * 24 * 60 + 11) * MINUTE, '20 days'],
    [-5 * MINUTE, 'less than a minute'],
  ])('writes %p ms as %p', (ms, words) => {
    expect(formatElapsed(ms)).toBe(words);
  });
});
