/*
 * Request input parsing shared by every route of the plugin: zod schemas,
 * and one 400 message naming each field.
 *
 * The OpenAPI document validates every request first (see the plugin's HTTP
 * shell). Where it refuses, the request still reaches its route so that the
 * route's own schema names the field in its words (`query.limit: must be a
 * number between 1 and 100`); should the route's schema accept what the
 * document refused, `parse` refuses it with the document's sentence. Either
 * way the handler never sees input the document does not allow.
 */
import { InputError } from '@backstage/errors';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { z } from 'zod';
import type { InputLocation, SpecRefusal } from './specErrors';

const specRefusals = new AsyncLocalStorage<SpecRefusal[]>();

/** Runs `fn` (the rest of the request's handling) with the document's refusals of it. */
export function withSpecRefusals<T>(refusals: SpecRefusal[], fn: () => T): T {
  return specRefusals.run(refusals, fn);
}

/** The document's refusals of the current request's `location`, as one InputError. */
export function specRefusalOf(location: InputLocation): InputError | undefined {
  const refusals = (specRefusals.getStore() ?? []).filter(
    refusal => refusal.location === location || refusal.location === 'request',
  );
  return refusals.length
    ? new InputError(refusals.map(refusal => refusal.sentence).join('; '))
    : undefined;
}

/** How a refusal names a field, see `parse`. */
export interface ParseOptions {
  /**
   * `dotted` (the default) names a field with its location,
   * `body.inputs.0.name`; `indexed` names it as in the document the caller
   * sent, `measurements[3].rowCount` (the location alone, e.g. `body`, for
   * the input as a whole).
   */
  fieldNames?: 'dotted' | 'indexed';
}

/** `['measurements', 3, 'rowCount']` -> `measurements[3].rowCount`. */
export function formatIssuePath(path: PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number'
        ? `[${part}]`
        : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** Refusals named in one message, at most; the rest are left out. */
const MAX_ISSUES = 10;

/**
 * Parses request input, or throws an InputError naming the field, e.g.
 * `query.limit: must be a number between 1 and 100` (at most ten fields).
 */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  location: 'query' | 'body' | 'params',
  options: ParseOptions = {},
): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) {
    const refusal = specRefusalOf(location);
    if (refusal) {
      throw refusal;
    }
    return result.data;
  }
  const where = (path: PropertyKey[]) => {
    if (options.fieldNames === 'indexed') {
      return path.length ? formatIssuePath(path) : location;
    }
    return [location, ...path.map(String)].join('.');
  };
  const message = result.error.issues
    .slice(0, MAX_ISSUES)
    .map(issue => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys
          .map(key => `${where([...issue.path, key])}: is not a known field`)
          .join('; ');
      }
      return `${where(issue.path)}: ${issue.message}`;
    })
    .join('; ');
  throw new InputError(message);
}
