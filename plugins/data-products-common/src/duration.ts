const DURATION_PATTERN = /^(\d+)(m|h|d)$/;

const MS_PER_UNIT = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
} as const;

/**
 * Parses a spec duration such as `30m`, `24h` or `20d` into milliseconds.
 * Returns undefined for anything else, so callers decide how to report it.
 */
export function parseDuration(s: string): number | undefined {
  const match = DURATION_PATTERN.exec(s);
  if (!match) {
    return undefined;
  }
  const unit = match[2] as keyof typeof MS_PER_UNIT;
  return Number(match[1]) * MS_PER_UNIT[unit];
}

/**
 * Formats milliseconds in the spec's duration syntax, using the largest unit that divides it
 * exactly (`86400000` -> `1d`, `5400000` -> `90m`). Anything finer than a minute is rounded to
 * whole minutes so that the result always parses again.
 */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms % MS_PER_UNIT.d === 0) {
    return `${ms / MS_PER_UNIT.d}d`;
  }
  if (ms > 0 && ms % MS_PER_UNIT.h === 0) {
    return `${ms / MS_PER_UNIT.h}h`;
  }
  return `${Math.max(0, Math.round(ms / MS_PER_UNIT.m))}m`;
}
