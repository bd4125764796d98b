/* Pure: which column of a search result matched what the person typed. */

const SEPARATOR = /[^\p{L}\p{N}]+/u;

/**
 * The column a query names: the one called exactly as typed, else the first
 * whose name holds every word of the query (as a word or a word's start).
 */
export function findMatchedColumn(
  columns: string[] | undefined,
  term: string | undefined,
): string | undefined {
  const query = (term ?? '').trim().toLocaleLowerCase('en-US');
  if (!query || !columns?.length) return undefined;
  const exact = columns.find(c => c.toLocaleLowerCase('en-US') === query);
  if (exact) return exact;
  const words = query.split(SEPARATOR).filter(w => w.length > 1);
  if (!words.length) return undefined;
  return columns.find(column => {
    const parts = column.toLocaleLowerCase('en-US').split(SEPARATOR);
    return words.every(word => parts.some(part => part.startsWith(word)));
  });
}
