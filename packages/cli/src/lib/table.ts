/** Plain-text tables and dates for terminal output. */

/** Left-aligned columns separated by two spaces; the header row first. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map(row => (row[column] ?? '').length)),
  );
  return [header, ...rows].map(row =>
    row
      .map((cell, column) =>
        column === row.length - 1 ? cell : (cell ?? '').padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd(),
  );
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** `5 Dec 2026, 18:40 UTC`. */
export function formatDate(iso: string | undefined): string {
  if (!iso) {
    return 'never';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${DATE_FORMAT.format(date)} UTC`;
}

/** `5 Dec 2026` (UTC). */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(date);
}
