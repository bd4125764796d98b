/*
 * The entity-ref input of the plugin's routes: one zod schema for refs of
 * given kinds, with the plugin's one normalisation (`normalizeEntityRef` in
 * `lib/entityRefs.ts`: the full ref, lowercase; a short ref gets the first
 * kind and the default namespace).
 */
import { z } from 'zod';
import { entityRefOfKinds } from '../entityRefs';

/**
 * A ref of one of `kinds`, e.g. `entityRefOf(['DataProduct'])` takes
 * `churn`, `dataproduct:churn` and `DataProduct:default/Churn` alike, as
 * `dataproduct:default/churn`. A refusal names `example` (by default
 * `<kind>:default/my-product`).
 */
export function entityRefOf(
  kinds: [string, ...string[]],
  options: { example?: string } = {},
) {
  const names = kinds.join(' or ');
  const example =
    options.example ??
    `${kinds[0].toLocaleLowerCase('en-US')}:default/my-product`;
  return z
    .string({
      error: issue =>
        issue.input === undefined
          ? 'is required'
          : `must be a ${names} entity ref`,
    })
    .transform((value, ctx) => {
      const ref = entityRefOfKinds(value, kinds);
      if (ref !== undefined) return ref;
      ctx.addIssue({
        code: 'custom',
        message: `must be a ${names} entity ref such as ${example} (got ${JSON.stringify(
          value,
        )})`,
      });
      return z.NEVER;
    });
}
