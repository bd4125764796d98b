/*
 * The retirement routes. Thin: validate the input, authenticate, authorise
 * on the server against the DataProduct, then delegate to the manager.
 */
import type {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DataProductEntity,
  DataProductRetirementResponse,
  dataProductsRetirementManagePermission,
  isDataProductEntity,
  isDatasetEntity,
  RetirementStatesResponse,
} from '@meshport/plugin-data-products-common';
import type express from 'express';
import { z } from 'zod';
import { checkSunset, parseSunset } from './machine';
import { RetirementManager, toRetirement } from './RetirementManager';
import { normalizeEntityRef } from '../lib/entityRefs';
import { type ApiRouter, audited, entityRefOf, parse } from '../lib/http';
import { permissionRefusal } from '../refusals/describe';

export interface RetirementRouterOptions {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  manager: RetirementManager;
  now?: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_REASON = 2000;

const productQuery = z.object({ entityRef: entityRefOf(['DataProduct']) });
const statusQuery = z.object({
  entityRef: entityRefOf(['DataProduct', 'Dataset']),
});
const idParams = z.object({
  id: z.string().regex(UUID, { error: 'must be a retirement id (a UUID)' }),
});

function startBody(
  now: Date,
  limits: { noticePeriodMs: number; maxNoticePeriodMs: number },
) {
  return z.strictObject(
    {
      entityRef: entityRefOf(['DataProduct']),
      reason: z
        .string({
          error: issue =>
            issue.input === undefined ? 'is required' : 'must be a text',
        })
        .trim()
        .min(1, { error: 'must not be empty: say why the product retires' })
        .max(MAX_REASON, {
          error: `must be at most ${MAX_REASON} characters`,
        }),
      sunset: z
        .string({
          error: issue =>
            issue.input === undefined
              ? 'is required'
              : 'must be a date such as 2026-12-21 or an ISO 8601 date-time',
        })
        .transform((value, ctx) => {
          const sunset = parseSunset(value);
          if (!sunset) {
            ctx.addIssue({
              code: 'custom',
              message: `must be a date such as 2026-12-21 or an ISO 8601 date-time with a zone (got ${JSON.stringify(
                value,
              )})`,
            });
            return z.NEVER;
          }
          const problem = checkSunset({ sunset, now, ...limits });
          if (problem) {
            ctx.addIssue({ code: 'custom', message: problem });
            return z.NEVER;
          }
          return sunset;
        }),
    },
    {
      error: issue =>
        issue.code === 'unrecognized_keys'
          ? undefined
          : 'must be a JSON object',
    },
  );
}

const cancelBody = z.strictObject(
  {
    note: z
      .string({ error: 'must be a text' })
      .max(MAX_REASON, { error: `must be at most ${MAX_REASON} characters` })
      .optional(),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys' ? undefined : 'must be a JSON object',
  },
);

export function registerRetirementRoutes(
  router: ApiRouter,
  options: RetirementRouterOptions,
): void {
  const { httpAuth, permissions, auditor, catalog, manager } = options;
  const now = options.now ?? (() => new Date());

  /** The product, visible to the caller (404 otherwise, so hidden products stay hidden). */
  async function getVisibleProduct(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<DataProductEntity> {
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || !isDataProductEntity(entity)) {
      throw new NotFoundError(`No DataProduct ${entityRef}`);
    }
    return entity;
  }

  async function canManage(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<boolean> {
    const [decision] = await permissions.authorize(
      [
        {
          permission: dataProductsRetirementManagePermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  async function requireManage(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<void> {
    if (!(await canManage(credentials, entityRef))) {
      throw await permissionRefusal(
        catalog,
        credentials,
        dataProductsRetirementManagePermission.name,
        [entityRef],
      );
    }
  }

  /**
   * A retirement's product must be visible, and the caller must manage it.
   * A retired product may have left the catalog: then only the permission
   * decides (admins keep access to its history).
   */
  async function requireManageRetirement(
    credentials: BackstageCredentials,
    id: string,
  ) {
    const retirement = await manager.getRetirement(id);
    if (!retirement) {
      throw new NotFoundError(`No retirement ${id}`);
    }
    const entity = await catalog.getEntityByRef(retirement.dataProduct, {
      credentials,
    });
    if (!entity && retirement.status !== 'retired') {
      throw new NotFoundError(`No retirement ${id}`);
    }
    await requireManage(credentials, retirement.dataProduct);
    return retirement;
  }

  const userRef = (credentials: BackstageCredentials<BackstageUserPrincipal>) =>
    credentials.principal.userEntityRef;

  /** Runs a change inside an auditor event of high severity. */
  const auditedChange = <T>(
    req: express.Request,
    eventId: string,
    meta: Record<string, string>,
    fn: () => Promise<{ value: T; meta?: Record<string, string> }>,
  ): Promise<T> =>
    audited(auditor, req, { eventId, severityLevel: 'high', meta }, fn);

  router.get('/retirement/states', async (req, res) => {
    // For the catalog processor: plugin-to-plugin only.
    await httpAuth.credentials(req, { allow: ['service'] });
    const response: RetirementStatesResponse = {
      items: await manager.listStates(),
    };
    res.json(response);
  });

  router.get('/retirement/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef } = parse(statusQuery, req.query, 'query');
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || !(isDataProductEntity(entity) || isDatasetEntity(entity))) {
      throw new NotFoundError(`No DataProduct or Dataset ${entityRef}`);
    }
    res.json(
      await manager.getStatus(
        entityRef,
        isDataProductEntity(entity) ? entityRef : undefined,
      ),
    );
  });

  router.get('/retirement', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { entityRef } = parse(productQuery, req.query, 'query');
    await getVisibleProduct(credentials, entityRef);
    const retirement = await manager.getLatest(entityRef);
    const datasets =
      retirement?.status === 'retiring' || !retirement
        ? (await manager.findDatasets(entityRef)).map(d =>
            normalizeEntityRef(stringifyEntityRef(d)),
          )
        : retirement.datasets;
    const [steps, usage, manage] = await Promise.all([
      retirement ? manager.listSteps(retirement.id) : Promise.resolve([]),
      manager.getUsage(entityRef, datasets),
      canManage(credentials, entityRef),
    ]);
    const response: DataProductRetirementResponse = {
      entityRef: normalizeEntityRef(entityRef),
      ...(retirement ? { retirement: toRetirement(retirement) } : {}),
      steps,
      usage,
      policy: manager.policy(),
      canManage: manage,
    };
    res.json(response);
  });

  router.post('/retirement', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(startBody(now(), manager.config), req.body, 'body');
    const retirement = await auditedChange(
      req,
      'retirement-start',
      { entityRef: body.entityRef },
      async () => {
        const product = await getVisibleProduct(credentials, body.entityRef);
        await requireManage(credentials, body.entityRef);
        const started = await manager.start({
          product,
          reason: body.reason,
          sunset: body.sunset,
          actor: userRef(credentials),
        });
        return {
          value: started,
          meta: { retirementId: started.id, sunset: started.sunset },
        };
      },
    );
    res.status(201).json(toRetirement(retirement));
  });

  router.post('/retirement/:id/confirm', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = parse(idParams, req.params, 'params');
    const retirement = await auditedChange(
      req,
      'retirement-confirm',
      { retirementId: id },
      async () => {
        await requireManageRetirement(credentials, id);
        const confirmed = await manager.confirm(id, userRef(credentials));
        return {
          value: confirmed,
          meta: { dataProduct: confirmed.dataProduct },
        };
      },
    );
    res.status(202).json(toRetirement(retirement));
  });

  router.post('/retirement/:id/cancel', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = parse(idParams, req.params, 'params');
    const { note } = parse(cancelBody, req.body, 'body');
    const retirement = await auditedChange(
      req,
      'retirement-cancel',
      { retirementId: id },
      async () => {
        await requireManageRetirement(credentials, id);
        const cancelled = await manager.cancel(id, userRef(credentials), note);
        return {
          value: cancelled,
          meta: { dataProduct: cancelled.dataProduct },
        };
      },
    );
    res.json(toRetirement(retirement));
  });
}
