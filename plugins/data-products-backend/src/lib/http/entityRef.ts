/*
 * The entity-ref input of the plugin's routes: one zod schema for refs of
 * given kinds, with one normalisation (`stringifyEntityRef` of the parsed
 * ref; a short ref gets the first kind and the default namespace).
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/**
 * A ref of one of `kinds`, e.g. `entityRefOf(['DataProduct'])` takes
 * `churn`, `dataproduct:churn` and `dataproduct:default/churn` alike.
 */
export function entityRefOf(kinds: [string, ...string[]]) {
  const names = kinds.join(' or ');
  return z
    .string({
      error: issue =>
        issue.input === undefined
          ? 'is required'
          : `must be a ${names} entity ref`,
    })
    .transform((value, ctx) => {
      try {
        const ref = parseEntityRef(value, {
          defaultKind: kinds[0],
          defaultNamespace: 'default',
        });
        if (
          kinds.some(
            kind =>
              kind.toLocaleLowerCase('en-US') ===
              ref.kind.toLocaleLowerCase('en-US'),
          )
        ) {
          return stringifyEntityRef(ref);
        }
      } catch {
        // reported below
      }
      ctx.addIssue({
        code: 'custom',
        message: `must be a ${names} entity ref such as ${kinds[0].toLocaleLowerCase(
          'en-US',
        )}:default/my-product (got ${JSON.stringify(value)})`,
      });
      return z.NEVER;
    });
}
