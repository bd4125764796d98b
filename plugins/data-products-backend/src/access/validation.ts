/*
 * Input validation of the access-requests routes (zod). Every refusal is a
 * 400 InputError whose message names the field and what was expected, e.g.
 * `body.duration: must be a duration such as 90d, 12h or 30m`.
 */
import { ACCESS_REQUEST_STATUSES } from '@meshport/plugin-data-products-common';
import { z } from 'zod';
import { entityRefOf } from '../lib/http/entityRef';
import { pageLimit, pageOffset } from '../lib/http/pagination';
import { DAY_MS } from '../lib/time';
import { durationMs } from './stateMachine';

export { parse } from '../lib/http/parseInput';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The longest validity one request can ask for. */
const MAX_DURATION_MS = 3650 * DAY_MS;

// The plugin's one entity-ref input (lowercase full refs), with examples
// from the sample organisation.
const dataProductRef = entityRefOf(['DataProduct'], {
  example: 'dataproduct:default/churn',
});
const datasetRef = entityRefOf(['Dataset'], {
  example: 'dataset:default/orders',
});

const DURATION_MESSAGE =
  'must be a duration such as 90d, 12h or 30m, at most 3650d';

const duration = z.string({ error: DURATION_MESSAGE }).refine(value => {
  const ms = durationMs(value);
  return ms !== undefined && ms <= MAX_DURATION_MS;
}, DURATION_MESSAGE);

const note = z
  .string({ error: 'must be a text' })
  .max(2000, { error: 'must be at most 2000 characters' })
  .transform(value => value.trim() || undefined)
  .optional();

/** Objects refuse unknown fields, naming them. */
function body<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, {
    error: issue =>
      issue.code === 'unrecognized_keys' ? undefined : 'must be a JSON object',
  });
}

export const createRequestBody = body({
  consumer: dataProductRef,
  dataset: datasetRef,
  environments: z
    .array(z.string({ error: 'must be environment names' }), {
      error: 'must be a list of environment names',
    })
    .min(1, { error: 'must name at least one environment' })
    .optional(),
  purpose: z
    .string({
      error: issue =>
        issue.input === undefined ? 'is required' : 'must be a text',
    })
    .trim()
    .min(1, { error: 'must say why the product needs the data' })
    .max(2000, { error: 'must be at most 2000 characters' }),
  duration: duration.optional(),
});

export const decideBody = body({ note });

export const renewBody = body({ duration: duration.optional(), note });

export const migrateBody = body({ successor: datasetRef.optional() });

const booleanFlag = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform(value => value === 'true')
  .optional();

const STATUS_MESSAGE = `must be one or more of: ${ACCESS_REQUEST_STATUSES.join(
  ', ',
)}`;

export const listQuery = z.object({
  dataset: datasetRef.optional(),
  consumer: dataProductRef.optional(),
  /** `status=pending&status=approved` or `status=pending,approved`. */
  status: z
    .union([z.string(), z.array(z.string())], { error: STATUS_MESSAGE })
    .transform((value, ctx) => {
      const values = (Array.isArray(value) ? value : [value])
        .flatMap(v => v.split(','))
        .map(v => v.trim())
        .filter(Boolean);
      const unknown = values.filter(
        v => !(ACCESS_REQUEST_STATUSES as readonly string[]).includes(v),
      );
      if (values.length === 0 || unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: STATUS_MESSAGE });
        return z.NEVER;
      }
      return [...new Set(values)] as Array<
        (typeof ACCESS_REQUEST_STATUSES)[number]
      >;
    })
    .optional(),
  mine: booleanFlag,
  awaitingMyDecision: booleanFlag,
  limit: pageLimit,
  offset: pageOffset,
});

export const requestParams = z.object({
  id: z
    .string()
    .regex(UUID, { error: 'must be an access request id (a UUID)' }),
});
