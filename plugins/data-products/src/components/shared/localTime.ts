/*
 * Timestamps from the API (ISO strings) as the reader's locale writes them;
 * text that is not a timestamp is shown as given, a missing one as nothing.
 */

function formatLocal(
  iso: string | undefined,
  format: (date: Date) => string,
): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format(date);
}

/** A date and time in the reader's locale. */
export function formatTimestamp(iso: string | undefined): string {
  return formatLocal(iso, date => date.toLocaleString());
}

/** A date (no time) in the reader's locale. */
export function formatDate(iso: string | undefined): string {
  return formatLocal(iso, date => date.toLocaleDateString());
}

/**
 * A calendar day the server keeps in UTC (a sunset), as the reader's locale writes it, e.g.
 * `December 22, 2026`: read in UTC, so it is the same day everywhere.
 */
export function formatUtcDay(iso: string | undefined, locale?: string): string {
  return formatLocal(iso, date =>
    date.toLocaleDateString(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  );
}
