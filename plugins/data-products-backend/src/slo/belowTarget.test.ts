import { belowTargetSince } from './belowTarget';

const H = 3_600_000;
/** Buckets one hour apart from 0, each `[good, total]`. */
const buckets = (...counts: [number, number][]) =>
  counts.map(([good, total], i) => ({ at: i * H, good, total }));

describe('belowTargetSince', () => {
  it.each([
    ['no bucket at all', [], 99, undefined],
    ['only empty buckets', buckets([0, 0], [0, 0]), 99, undefined],
    ['every bucket good', buckets([1, 1], [1, 1], [1, 1]), 99, undefined],
    ['below from the first bucket on', buckets([0, 1], [1, 1], [1, 1]), 99, 0],
    [
      'good until the third bucket, below ever since',
      buckets([1, 1], [1, 1], [0, 1], [1, 1]),
      90,
      2 * H,
    ],
    [
      'below, recovered, below again: the last stretch counts',
      // 0/1 below; 9/10 = 90% meets 90; 9/11 below; 10/12 below
      buckets([0, 1], [9, 9], [0, 1], [1, 1]),
      90,
      2 * H,
    ],
    [
      'below, then recovered to the target: not below now',
      buckets([0, 1], [9, 9]),
      90,
      undefined,
    ],
    [
      'an empty bucket neither starts nor ends the stretch',
      buckets([1, 1], [0, 0], [0, 1], [0, 0], [0, 0]),
      90,
      2 * H,
    ],
    [
      'a 100% target: any failure is below target from that bucket',
      buckets([5, 5], [4, 5], [5, 5]),
      100,
      H,
    ],
    ['exactly on target is not below', buckets([99, 100]), 99, undefined],
  ])('%s', (_name, series, target, expected) => {
    expect(belowTargetSince(series, target)).toBe(expected);
  });

  it('is the start of the bucket, not of the evaluation that noticed it', () => {
    const series = [
      { at: Date.UTC(2026, 0, 1), good: 24, total: 24 },
      { at: Date.UTC(2026, 0, 2), good: 2, total: 24 },
      { at: Date.UTC(2026, 0, 3), good: 24, total: 24 },
    ];
    // 26/48 = 54% < 99 from 2 January on, and 50/72 still below on the 3rd.
    expect(belowTargetSince(series, 99)).toBe(Date.UTC(2026, 0, 2));
  });
});
