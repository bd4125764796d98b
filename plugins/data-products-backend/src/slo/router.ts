/*
 * The SLO routes (contract: @meshport/plugin-data-products-common
 * `api/slo.ts`). Thin: authenticate, validate with zod (400 naming the
 * field), authorise on the server against each Dataset, then delegate to the
 * SloService.
 */
import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CreateSloMeasurementsResponse,
  dataProductsSloMeasurementCreatePermission,
  DatasetEntity,
  getDatasetProductRef,
  isDataProductEntity,
  isDatasetEntity,
  SLO_STATUSES,
  SloStatus,
  SloStatusesResponse,
} from '@meshport/plugin-data-products-common';
import { filterSloStatusItems } from './statuses';
import { z } from 'zod';
import { toError } from '../lib/errors';
import { entityRefOf, parse, type ApiRouter } from '../lib/http';
import { normalizeDatasetRef, NewMeasurement } from './SloStore';
import { SLO_ENTITY_FIELDS, SloService } from './SloService';
import {
  readPipelineScopes,
  requirePipelineScope,
} from '../pipelines/pipelineScopes';
import { permissionRefusal } from '../refusals/describe';

export interface SloRouterOptions {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  service: SloService;
  /** How far back a pushed measurement may be (the raw retention). */
  maxAgeMs: number;
  /** For tests. */
  clock?: () => Date;
}

/** Measurements per request. */
export const MAX_MEASUREMENTS_PER_REQUEST = 1000;
/** Tolerated clock skew of a pushed measurement. */
const MAX_FUTURE_MS = 5 * 60_000;

const NON_NEGATIVE_INTEGER = 'must be a non-negative integer';

const measurementSchema = z.strictObject({
  dataset: z
    .string({ error: 'must be a Dataset entity ref' })
    .min(1, { error: 'must be a Dataset entity ref' })
    .pipe(entityRefOf(['Dataset'], { example: 'dataset:default/orders' })),
  kind: z.enum(['update', 'availability'], {
    error: "must be 'update' or 'availability'",
  }),
  at: z.iso.datetime({
    offset: true,
    error:
      'must be an ISO 8601 timestamp with a time zone, e.g. 2026-11-23T10:00:00Z',
  }),
  rowCount: z
    .number({ error: NON_NEGATIVE_INTEGER })
    .int({ error: NON_NEGATIVE_INTEGER })
    .min(0, { error: NON_NEGATIVE_INTEGER })
    .max(Number.MAX_SAFE_INTEGER, { error: NON_NEGATIVE_INTEGER })
    .optional(),
  available: z.boolean({ error: 'must be true or false' }).optional(),
  environment: z
    .string({ error: 'must be an environment name' })
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
      error: 'must be an environment name (lowercase letters, digits, -)',
    })
    .optional(),
});

const createMeasurementsBody = z.strictObject(
  {
    measurements: z
      .array(measurementSchema, {
        error: `must be a list of 1 to ${MAX_MEASUREMENTS_PER_REQUEST} measurements`,
      })
      .min(1, {
        error: `must be a list of 1 to ${MAX_MEASUREMENTS_PER_REQUEST} measurements`,
      })
      .max(MAX_MEASUREMENTS_PER_REQUEST, {
        error: `must be a list of 1 to ${MAX_MEASUREMENTS_PER_REQUEST} measurements`,
      }),
  },
  { error: 'must be a JSON object { measurements: [...] }' },
);

const datasetParams = z.object({
  namespace: z
    .string()
    .regex(/^[a-z0-9A-Z_.-]{1,63}$/, { error: 'must be a namespace' }),
  name: z
    .string()
    .regex(/^[a-z0-9A-Z_.-]{1,63}$/, { error: 'must be an entity name' }),
});

const summaryQuery = z.object({ dataProduct: entityRefOf(['DataProduct']) });

const oneOrMany = <T extends z.ZodType>(item: T, error: string) =>
  z.union([item.transform(v => [v]), z.array(item)], { error }).optional();
const statusesQuery = z.strictObject({
  status: oneOrMany(
    z.enum(SLO_STATUSES),
    `must be one of ${SLO_STATUSES.join(', ')}`,
  ),
  entityRef: oneOrMany(z.string().min(1).max(300), 'must be an entity ref'),
});

export function registerSloRoutes(
  router: ApiRouter,
  options: SloRouterOptions,
): void {
  const { config, httpAuth, permissions, auditor, catalog, service, maxAgeMs } =
    options;
  const clock = options.clock ?? (() => new Date());
  // External-access pipelines push only for their products' datasets.
  const pipelineScopes = readPipelineScopes(config);

  router.get('/slo/datasets/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = parse(datasetParams, req.params, 'params');
    const ref = stringifyEntityRef({ kind: 'Dataset', namespace, name });
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity || !isDatasetEntity(entity)) {
      throw new NotFoundError(
        `There is no Dataset "${name}" in the namespace "${namespace}".`,
      );
    }
    res.json(await service.getDatasetReport(entity));
  });

  router.get('/slo/summary', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { dataProduct } = parse(summaryQuery, req.query, 'query');
    const product = await catalog.getEntityByRef(dataProduct, {
      credentials,
    });
    if (!product || !isDataProductEntity(product)) {
      throw new NotFoundError(
        `There is no DataProduct ${JSON.stringify(req.query.dataProduct)}.`,
      );
    }
    res.json(
      await service.getProductSummary(
        normalizeDatasetRef(stringifyEntityRef(product)),
        credentials,
      ),
    );
  });

  router.get('/slo/statuses', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(statusesQuery, req.query, 'query');
    const { evaluatedAt, items } = await service.getStatuses(credentials);
    const body: SloStatusesResponse = {
      evaluatedAt,
      items: filterSloStatusItems(items, {
        statuses: query.status as SloStatus[] | undefined,
        entityRefs: query.entityRef as string[] | undefined,
      }),
    };
    res.json(body);
  });

  router.post('/slo/measurements', async (req, res) => {
    const auditorEvent = await auditor.createEvent({
      eventId: 'slo-measurements-create',
      severityLevel: 'low',
      request: req,
      meta: { actionType: 'create' },
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const body = parse(createMeasurementsBody, req.body, 'body', {
        fieldNames: 'indexed',
      });
      const now = clock().getTime();

      const refs = body.measurements.map(m => m.dataset);
      // Each dataset as the caller first named it, for refusals.
      const sent = new Map<string, string>();
      (req.body.measurements as Array<{ dataset: string }>).forEach((m, i) => {
        if (!sent.has(refs[i])) sent.set(refs[i], m.dataset);
      });

      // Field rules zod's shape cannot express, each reported with its path.
      const problems: string[] = [];
      body.measurements.forEach((m, i) => {
        const at = Date.parse(m.at);
        if (m.kind === 'availability' && m.available === undefined) {
          problems.push(
            `measurements[${i}].available: is required for an availability check`,
          );
        }
        if (m.kind === 'availability' && m.rowCount !== undefined) {
          problems.push(
            `measurements[${i}].rowCount: only belongs to an update`,
          );
        }
        if (m.kind === 'update' && m.available !== undefined) {
          problems.push(
            `measurements[${i}].available: only belongs to an availability check`,
          );
        }
        if (at > now + MAX_FUTURE_MS) {
          problems.push(`measurements[${i}].at: must not be in the future`);
        } else if (at < now - maxAgeMs) {
          problems.push(
            `measurements[${i}].at: must be within the last ${Math.round(
              maxAgeMs / 86_400_000,
            )} days (the raw retention)`,
          );
        }
      });
      if (problems.length) {
        throw new InputError(problems.slice(0, 10).join('; '));
      }

      // Every dataset must exist and be visible to the caller.
      const unique = [...new Set(refs)];
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: unique, fields: SLO_ENTITY_FIELDS },
        { credentials },
      );
      const unknown = unique.filter(
        (_, i) => !items[i] || !isDatasetEntity(items[i]!),
      );
      if (unknown.length) {
        throw new InputError(
          unknown
            .slice(0, 10)
            .map(
              ref =>
                `measurements[${refs.indexOf(
                  ref,
                )}].dataset: there is no Dataset ${JSON.stringify(
                  sent.get(ref),
                )}`,
            )
            .join('; '),
        );
      }

      for (const product of new Set(
        items.map(item => getDatasetProductRef(item as DatasetEntity)),
      )) {
        await requirePipelineScope(
          pipelineScopes,
          catalog,
          credentials,
          product,
        );
      }

      const decisions = await permissions.authorize(
        unique.map(ref => ({
          permission: dataProductsSloMeasurementCreatePermission,
          resourceRef: ref,
        })),
        { credentials },
      );
      const denied = unique.filter(
        (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
      );
      if (denied.length) {
        throw await permissionRefusal(
          catalog,
          credentials,
          dataProductsSloMeasurementCreatePermission.name,
          denied,
        );
      }

      const stopped: string[] = [];
      for (const ref of unique) {
        if (!(await service.isMonitored(ref))) {
          stopped.push(ref);
        }
      }
      if (stopped.length) {
        const which = new Intl.ListFormat('en', {
          type: 'conjunction',
        }).format(stopped.map(ref => JSON.stringify(sent.get(ref))));
        throw new ConflictError(
          stopped.length === 1
            ? `The Dataset ${which} is being retired: its SLOs take no new measurements.`
            : `The Datasets ${which} are being retired: their SLOs take no new measurements.`,
        );
      }

      const measurements: NewMeasurement[] = body.measurements.map(m => ({
        dataset: m.dataset,
        kind: m.kind,
        at: Date.parse(m.at),
        ...(m.available !== undefined ? { available: m.available } : {}),
        ...(m.rowCount !== undefined ? { rowCount: m.rowCount } : {}),
        ...(m.environment ? { environment: m.environment } : {}),
        source: 'api',
      }));
      const response: CreateSloMeasurementsResponse =
        await service.recordMeasurements(measurements);
      await auditorEvent.success({
        meta: { datasets: unique, ...response },
      });
      res.status(202).json(response);
    } catch (error) {
      await auditorEvent.fail({ error: toError(error) });
      throw error;
    }
  });
}
