/*
 * Request input parsing shared by every route of the plugin: zod schemas,
 * and one 400 message naming each field.
 */
import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/**
 * Parses request input, or throws an InputError naming the field, e.g.
 * `query.limit: must be a number between 1 and 100`.
 */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  location: 'query' | 'body' | 'params',
): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) {
    return result.data;
  }
  const message = result.error.issues
    .map(issue => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys
          .map(key => `${location}.${key}: is not a known field`)
          .join('; ');
      }
      const path = [location, ...issue.path.map(String)].join('.');
      return `${path}: ${issue.message}`;
    })
    .join('; ');
  throw new InputError(message);
}
