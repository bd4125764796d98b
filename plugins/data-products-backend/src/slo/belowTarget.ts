/*
 * Pure: since when an SLO's SLI has been below its target, read off the
 * window's per-bucket counts. The SLI at the end of a bucket is the share of
 * good events from the window's start to that bucket (the figure the card
 * shows for the last bucket). The answer is the first bucket from which that
 * SLI stayed below target up to now, not when an evaluation noticed it.
 */
import { meetsTarget } from './sli';

/** One bucket of the window: its start (epoch ms) and its event counts. */
export interface BucketCounts {
  at: number;
  good: number;
  total: number;
}

/**
 * The start of the first bucket from which the cumulative SLI stayed below
 * `target` through the last bucket; undefined when the SLI is not below
 * target at the end (or there is no event at all). Buckets without events
 * change nothing: they neither start nor end a stretch below target.
 */
export function belowTargetSince(
  series: BucketCounts[],
  target: number,
): number | undefined {
  let good = 0;
  let total = 0;
  let since: number | undefined;
  for (const bucket of series) {
    good += bucket.good;
    total += bucket.total;
    if (bucket.total === 0) continue;
    if (meetsTarget(good, total, target)) {
      since = undefined;
    } else if (since === undefined) {
      since = bucket.at;
    }
  }
  return since;
}
