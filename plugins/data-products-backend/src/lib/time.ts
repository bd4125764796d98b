/*
 * Time constants shared by the backend's features, and instants and spans
 * in words for the messages and notifications the server writes (it does
 * not know the reader's time zone, so instants are in UTC and say so).
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** `2 December 2026 at 14:05 UTC`. */
export function formatDateTime(instant: Date | number | string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) {
    return String(instant);
  }
  return `${date.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  })} UTC`;
}

function unit(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * A span in its two largest units, rounded down to the minute:
 * `3 days and 4 hours`, `2 hours`, `5 minutes`, `less than a minute`.
 */
export function formatElapsed(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const parts: [number, string][] = [
    [Math.floor(minutes / 1440), 'day'],
    [Math.floor((minutes % 1440) / 60), 'hour'],
    [minutes % 60, 'minute'],
  ];
  const first = parts.findIndex(([count]) => count > 0);
  if (first < 0) {
    return 'less than a minute';
  }
  const [count, word] = parts[first];
  const next = parts[first + 1];
  return next && next[0] > 0
    ? `${unit(count, word)} and ${unit(next[0], next[1])}`
    : unit(count, word);
}
