/*
 * Small helpers for reading many AWS resources politely.
 */

/** Orders strings by code unit, the same on every machine (unlike locales). */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * An AWS tag list (`[{ Key, Value }]`, the shape of IAM, Athena and most
 * services) as a record; a tag without a value has the empty string.
 */
export function tagListToRecord(
  tags: Array<{ Key?: string; Value?: string }> | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { Key, Value } of tags ?? []) {
    if (Key !== undefined) result[Key] = Value ?? '';
  }
  return result;
}

/**
 * Fetches every page of a list API. `fetchPage` gets the previous page's
 * token (undefined first) and returns its items and the next token.
 */
export async function collectPages<T>(
  fetchPage: (token?: string) => Promise<{ items?: T[]; next?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    all.push(...(page.items ?? []));
    token = page.next;
  } while (token);
  return all;
}

/**
 * Maps with at most `limit` calls in flight: IAM throttles per account, so
 * reading a thousand roles one by one is slow and all at once is refused.
 * Results keep the input order.
 */
export async function mapWithConcurrency<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/** Caches the promise of an async lookup by key, so concurrent callers share it. */
export class PromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = load();
      this.entries.set(key, entry);
    }
    return entry;
  }
}
