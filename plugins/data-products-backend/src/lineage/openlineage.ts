/*
 * Pure: OpenLineage RunEvents (spec 2.x) as the ingest route accepts them,
 * and the parts of them the lineage graph uses. Unknown fields and facets are
 * kept (stored with the event) but not interpreted.
 *
 * Facets used: dataset `schema` (fields), dataset `columnLineage`, dataset
 * `symlinks` (another identifier of the same table, e.g. Glue behind Athena),
 * job `meshport` (`{ dataProduct }`). Everything else is kept, ignored.
 */
import { createHash } from 'crypto';
import { z } from 'zod';
import {
  LINEAGE_EVENT_TYPES,
  LineageEventType,
} from '@meshport/plugin-data-products-common';
import { parse } from '../lib/http/parseInput';

/** The most events one request may carry. */
export const MAX_EVENTS_PER_REQUEST = 1000;

const text = (what: string) =>
  z
    .string({
      error: issue =>
        issue.input === undefined ? 'is required' : `must be ${what}`,
    })
    .min(1, { error: `must be ${what}, not empty` })
    .max(2048, { error: 'must be at most 2,048 characters' });

const facets = z
  .record(z.string(), z.unknown(), { error: 'must be an object of facets' })
  .optional();

const datasetSchema = z.looseObject(
  {
    namespace: text('the dataset namespace, e.g. s3://my-bucket'),
    name: text('the dataset name, e.g. path/to/data'),
    facets,
    inputFacets: facets,
    outputFacets: facets,
  },
  { error: 'must be a dataset object { namespace, name }' },
);

const RUN_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const runEventSchema = z.looseObject(
  {
    eventType: z
      .enum(LINEAGE_EVENT_TYPES, {
        error: `must be one of ${LINEAGE_EVENT_TYPES.join(', ')}`,
      })
      .optional(),
    eventTime: z
      .string({
        error: issue =>
          issue.input === undefined
            ? 'is required'
            : 'must be an ISO 8601 date-time with a zone',
      })
      .refine(value => /T/.test(value) && !Number.isNaN(Date.parse(value)), {
        error:
          'must be an ISO 8601 date-time with a zone, e.g. 2026-12-05T10:00:00Z',
      }),
    producer: z.string({ error: 'must be a URI text' }).optional(),
    schemaURL: z.string({ error: 'must be a URI text' }).optional(),
    run: z.looseObject(
      {
        runId: z
          .string({
            error: issue =>
              issue.input === undefined ? 'is required' : 'must be a UUID',
          })
          .regex(RUN_ID, { error: 'must be a UUID' }),
        facets,
      },
      {
        error: issue =>
          issue.input === undefined
            ? 'is required: this route takes RunEvents'
            : 'must be an object { runId }',
      },
    ),
    job: z.looseObject(
      {
        namespace: text('the job namespace'),
        name: text('the job name'),
        facets,
      },
      {
        error: issue =>
          issue.input === undefined
            ? 'is required'
            : 'must be an object { namespace, name }',
      },
    ),
    inputs: z
      .array(datasetSchema, { error: 'must be a list of datasets' })
      .max(10_000)
      .optional(),
    outputs: z
      .array(datasetSchema, { error: 'must be a list of datasets' })
      .max(10_000)
      .optional(),
  },
  { error: 'must be an OpenLineage RunEvent object' },
);

export type RunEvent = z.output<typeof runEventSchema>;
export type EventDataset = z.output<typeof datasetSchema>;

const batchSchema = z
  .array(runEventSchema, {
    error: 'must be an OpenLineage RunEvent or a list of them',
  })
  .min(1, { error: 'must hold at least one event' })
  .max(MAX_EVENTS_PER_REQUEST, {
    error: `must hold at most ${MAX_EVENTS_PER_REQUEST} events per request`,
  });

/** One event or a list of them, or an InputError naming the field (`body.2.run.runId: must be a UUID`). */
export function parseRunEvents(body: unknown): RunEvent[] {
  if (Array.isArray(body)) {
    return parse(batchSchema, body, 'body');
  }
  return [parse(runEventSchema, body, 'body')];
}

/** The stable key of a job or dataset identifier. */
export function identifierKey(namespace: string, name: string): string {
  return createHash('sha1').update(`${namespace}\u0000${name}`).digest('hex');
}

export function eventTypeOf(event: RunEvent): LineageEventType {
  return event.eventType ?? 'OTHER';
}

/** Fields of a dataset's `schema` facet. */
export function schemaFields(
  dataset: EventDataset,
): Array<{ name: string; type?: string }> | undefined {
  const facet = dataset.facets?.schema as { fields?: unknown } | undefined;
  if (!facet || !Array.isArray(facet.fields)) return undefined;
  return facet.fields
    .filter(
      (f): f is { name: string; type?: unknown } =>
        !!f && typeof f === 'object' && typeof (f as any).name === 'string',
    )
    .slice(0, 1000)
    .map(f => ({
      name: f.name.slice(0, 255),
      ...(typeof f.type === 'string' ? { type: f.type.slice(0, 255) } : {}),
    }));
}

export interface ColumnLineageEntry {
  field: string;
  inputNamespace: string;
  inputName: string;
  inputField: string;
  transformation?: string;
}

/** The `columnLineage` facet of an output dataset, flattened. */
export function columnLineage(dataset: EventDataset): ColumnLineageEntry[] {
  const facet = dataset.facets?.columnLineage as
    | { fields?: Record<string, unknown> }
    | undefined;
  if (!facet?.fields || typeof facet.fields !== 'object') return [];
  const entries: ColumnLineageEntry[] = [];
  for (const [field, value] of Object.entries(facet.fields)) {
    const inputs = (value as { inputFields?: unknown })?.inputFields;
    if (!Array.isArray(inputs)) continue;
    for (const input of inputs) {
      if (
        !input ||
        typeof input.namespace !== 'string' ||
        typeof input.name !== 'string' ||
        typeof input.field !== 'string'
      ) {
        continue;
      }
      const transformation = describeTransformation(value, input);
      entries.push({
        field: field.slice(0, 255),
        inputNamespace: input.namespace,
        inputName: input.name,
        inputField: input.field.slice(0, 255),
        ...(transformation ? { transformation } : {}),
      });
    }
  }
  return entries;
}

function describeTransformation(
  fieldValue: unknown,
  input: { transformations?: unknown },
): string | undefined {
  const first = Array.isArray(input.transformations)
    ? (input.transformations[0] as { type?: unknown; subtype?: unknown })
    : undefined;
  if (first && typeof first.type === 'string') {
    return [first.type, typeof first.subtype === 'string' ? first.subtype : '']
      .filter(Boolean)
      .join('/')
      .slice(0, 255);
  }
  // Column lineage facet 1.0: the type on the field.
  const legacy = (fieldValue as { transformationType?: unknown })
    ?.transformationType;
  return typeof legacy === 'string' ? legacy.slice(0, 255) : undefined;
}

/** Other identifiers of the same dataset (`symlinks` facet), e.g. the Glue table behind an Athena name. */
export function symlinks(
  dataset: EventDataset,
): Array<{ namespace: string; name: string }> {
  const facet = dataset.facets?.symlinks as
    | { identifiers?: unknown }
    | undefined;
  if (!facet || !Array.isArray(facet.identifiers)) return [];
  return facet.identifiers.filter(
    (id): id is { namespace: string; name: string } =>
      !!id && typeof id.namespace === 'string' && typeof id.name === 'string',
  );
}

/** The product a `meshport` job facet names, if any. */
export function meshportFacetProduct(event: RunEvent): string | undefined {
  const facet = event.job.facets?.meshport as
    | { dataProduct?: unknown }
    | undefined;
  return typeof facet?.dataProduct === 'string' ? facet.dataProduct : undefined;
}
