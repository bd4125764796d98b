/*
 * The lineage routes. Thin: authenticate, validate, authorise, delegate.
 * The ingest routes' bodies (large batches of events) are parsed by the HTTP
 * shell with `meshport.lineage.bodyLimit` (service/httpShell).
 */
import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  dataProductsLineageEventCreatePermission,
  isDataProductEntity,
  isDatasetEntity,
} from '@meshport/plugin-data-products-common';
import type express from 'express';
import { z } from 'zod';
import { type ApiRouter, audited, entityRefOf, parse } from '../lib/http';
import type {
  LineageIngestResponse,
  ErrorPayload,
} from '../schema/openapi/generated/models';
import type { LineageService } from './LineageService';
import { parseRunEvents } from './openlineage';
import { permissionRefusal } from '../refusals/describe';

export interface LineageRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  service: LineageService;
}

const intIn = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a whole number from ${min} to ${max}`,
        });
        return z.NEVER;
      }
      return n;
    });

const graphQuery = z.object({
  entityRef: entityRefOf(['Dataset', 'DataProduct']),
  depth: intIn(1, 5, 3),
});
const usageQuery = z.object({
  entityRef: entityRefOf(['Dataset', 'DataProduct']),
  days: intIn(1, 400, 30),
});

export function registerLineageRoutes(
  router: ApiRouter,
  options: LineageRouterOptions,
): void {
  const { httpAuth, permissions, auditor, catalog, service } = options;

  // Both ingest routes take a batch of events and answer with what was stored.
  const ingest = async (
    req: express.Request,
    res: express.Response<LineageIngestResponse | ErrorPayload>,
  ) => {
    const result = await audited(
      auditor,
      req,
      {
        eventId: 'lineage-events-create',
        severityLevel: 'low',
        meta: { actionType: 'create' },
      },
      async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const events = parseRunEvents(req.body);
        const [decision] = await permissions.authorize(
          [{ permission: dataProductsLineageEventCreatePermission }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw await permissionRefusal(
            catalog,
            credentials,
            dataProductsLineageEventCreatePermission.name,
          );
        }
        const ingested = await service.ingest(events);
        return {
          value: ingested,
          meta: { received: ingested.received, stored: ingested.stored },
        };
      },
    );
    res.status(201).json(result);
  };
  router.post('/lineage', ingest);
  // Where clients configured for Marquez send events.
  router.post('/lineage/api/v1/lineage', ingest);

  /** The entity, visible to the caller (404 otherwise, so hidden ones stay hidden). */
  async function requireVisible(req: express.Request, entityRef: string) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || !(isDatasetEntity(entity) || isDataProductEntity(entity))) {
      throw new NotFoundError(`No Dataset or DataProduct ${entityRef}`);
    }
  }

  router.get('/lineage/graph', async (req, res) => {
    const query = parse(graphQuery, req.query, 'query');
    await requireVisible(req, query.entityRef);
    res.json(await service.graph(query.entityRef, query.depth));
  });

  router.get('/lineage/usage', async (req, res) => {
    const query = parse(usageQuery, req.query, 'query');
    await requireVisible(req, query.entityRef);
    res.json(await service.usage(query.entityRef, query.days));
  });

  router.get('/lineage/unmatched', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await service.unmatched());
  });

  // For the catalog processor's lineage relations.
  router.get('/lineage/relations', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    res.json(await service.relations());
  });
}
