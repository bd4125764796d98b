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
    const refusal = specRefusalOf(location);
    if (refusal) {
      throw refusal;
    }
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
