/*
 * The geometry of the SLO chart, as pure functions: what the SVG draws is
 * decided here and tested without a DOM.
 */
import type { SloSeriesPoint } from '@meshport/plugin-data-products-common';

/** How a bucket of the window went: every event good, none, some, or no event at all. */
export type BucketState = 'good' | 'bad' | 'partial' | 'empty';

export function bucketState(point: SloSeriesPoint): BucketState {
  if (point.total === 0) {
    return 'empty';
  }
  if (point.good >= point.total) {
    return 'good';
  }
  return point.good === 0 ? 'bad' : 'partial';
}

/**
 * The SLI as it stood at the end of each bucket, counted from the window's
 * start: 100 * good so far / events so far. Null until the first event. The
 * last value is the SLI over the whole window, the figure the card shows.
 */
export function cumulativeSli(series: SloSeriesPoint[]): Array<number | null> {
  let good = 0;
  let total = 0;
  return series.map(point => {
    good += point.good;
    total += point.total;
    return total === 0 ? null : (100 * good) / total;
  });
}

/** A round step (1, 2, 2.5 or 5 times a power of ten) at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  let nice = 10;
  if (fraction <= 1) nice = 1;
  else if (fraction <= 2) nice = 2;
  else if (fraction <= 2.5) nice = 2.5;
  else if (fraction <= 5) nice = 5;
  return nice * power;
}

/** Removes binary noise: 0.1 + 0.2 -> 0.3. */
const clean = (value: number) => Number(value.toFixed(6));

/**
 * The y axis of the chart, in %: always up to 100, and down far enough to
 * show both the lowest value and the target with some room, on round ticks.
 */
export function sliAxis(
  values: Array<number | null>,
  target: number,
): { min: number; max: number; ticks: number[] } {
  const known = values.filter((v): v is number => v !== null);
  const lowest = Math.min(target, ...known);
  const span = Math.max(100 - lowest, 0.1);
  const step = niceStep((span * 1.2) / 4);
  const min = Math.max(
    0,
    clean(Math.floor((lowest - span * 0.1) / step) * step),
  );
  const ticks: number[] = [];
  for (let tick = min; tick <= 100 + 1e-9; tick = clean(tick + step)) {
    ticks.push(tick);
  }
  if (ticks[ticks.length - 1] !== 100) {
    ticks.push(100);
  }
  return { min, max: 100, ticks };
}

/**
 * An SVG path through the points; a null value lifts the pen, so a line never
 * bridges a stretch without data.
 */
export function linePath(
  values: Array<number | null>,
  x: (index: number) => number,
  y: (value: number) => number,
): string {
  const commands: string[] = [];
  let penDown = false;
  values.forEach((value, index) => {
    if (value === null) {
      penDown = false;
      return;
    }
    commands.push(
      `${penDown ? 'L' : 'M'}${clean(x(index))},${clean(y(value))}`,
    );
    penDown = true;
  });
  return commands.join(' ');
}

/** Up to `count` bucket indices, evenly spread, always the first and the last. */
export function tickIndices(length: number, count: number): number[] {
  if (length <= 0) {
    return [];
  }
  if (length <= count) {
    return Array.from({ length }, (_, i) => i);
  }
  const indices = new Set<number>();
  for (let i = 0; i < count; i++) {
    indices.add(Math.round((i * (length - 1)) / (count - 1)));
  }
  return [...indices];
}
