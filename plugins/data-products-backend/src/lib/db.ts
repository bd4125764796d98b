/*
 * Small helpers the plugin's knex stores share.
 */
import type { Knex } from 'knex';

/** `items` in slices of at most `size` (statements stay below bound-variable limits). */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** A unique-constraint violation on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || // PostgreSQL unique_violation
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/i.test(e?.message ?? '')
  );
}

/**
 * Inserts `items` as rows, `size` at a time; a row whose `onConflict` columns
 * exist already is merged (the columns named, or the values given) or, with
 * `merge: 'ignore'`, left as it is.
 */
export async function upsertInChunks<T>(
  db: Knex | Knex.Transaction,
  options: {
    table: string;
    items: T[];
    size: number;
    toRow(item: T): Record<string, unknown>;
    onConflict: string | string[];
    merge: string[] | Record<string, unknown> | 'ignore';
  },
): Promise<void> {
  const { table, onConflict, merge } = options;
  for (const part of chunks(options.items, options.size)) {
    const insert = db(table)
      .insert(part.map(options.toRow))
      .onConflict(onConflict as any);
    await (merge === 'ignore' ? insert.ignore() : insert.merge(merge as any));
  }
}
