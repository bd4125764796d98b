/*
 * The provisioning routes. Thin: validate the input, authenticate, authorise
 * on the server, then delegate to the reconciler, the store or the views.
 */
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  dataProductsProvisioningAdminPermission,
  dataProductsProvisioningReadPermission,
  dataProductsProvisioningRunPermission,
  type DataProductEntity,
  isDataProductEntity,
  ListProvisioningRunsResponse,
  PROVISIONING_EXPORT_FORMATS,
  PROVISIONING_RUN_STATUSES,
  ProvisioningRunDetails,
  TriggerProvisioningRunResponse,
} from '@meshport/plugin-data-products-common';
import { z } from 'zod';
import { normalizeProductRef } from './DatabaseProvisioningStore';
import type { ProvisioningStore } from './ProvisioningStore';
import { Reconciler } from './Reconciler';
import { exportDesiredState, getDataProductPlan } from './views';
import {
  isProductInInput,
  parseDraftEntities,
  previewDataProductPlan,
} from './preview';
import {
  type ApiRouter,
  audited,
  entityRefOf,
  pageLimit,
  pageOffset,
  parse,
} from '../lib/http';
import {
  PipelineScope,
  pipelineRefusal,
  requirePipelineScope as requireScope,
} from '../pipelines/pipelineScopes';
import { permissionRefusal } from '../refusals/describe';

export interface RouterOptions {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  store: ProvisioningStore;
  reconciler: Reconciler;
  /** `meshport.pipelines`: the products each external-access pipeline may deploy. */
  pipelineScopes?: PipelineScope[];
  /** Names of `meshport.environments`, for runs limited to one. */
  environmentNames?: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A DataProduct ref; the kind defaults to DataProduct, the namespace to default. */
const dataProductRef = entityRefOf(['DataProduct']);

const planQuery = z.object({ entityRef: dataProductRef });

const listRunsQuery = z.object({
  entityRef: dataProductRef.optional(),
  status: z
    .enum(PROVISIONING_RUN_STATUSES, {
      error: `must be one of: ${PROVISIONING_RUN_STATUSES.join(', ')}`,
    })
    .optional(),
  limit: pageLimit,
  offset: pageOffset,
});

/** `?entityRef=`: only the part of the run that concerns this product. */
const runQuery = z.object({ entityRef: dataProductRef.optional() });

const runParams = z.object({
  id: z.string().regex(UUID, { error: 'must be a run id (a UUID)' }),
});

const triggerBody = z.strictObject(
  {
    entityRef: dataProductRef.optional(),
    environment: z.string({ error: 'must be an environment name' }).optional(),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys' ? undefined : 'must be a JSON object',
  },
);

const previewBody = z.strictObject(
  {
    entities: z
      .array(z.unknown(), {
        error: issue =>
          issue.input === undefined
            ? 'is required'
            : 'must be a list of DataProduct and Dataset entities',
      })
      .min(1, { error: 'must hold at least one entity' })
      .max(100, { error: 'must hold at most 100 entities' }),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys' ? undefined : 'must be a JSON object',
  },
);

const exportQuery = z.object({
  format: z
    .enum(PROVISIONING_EXPORT_FORMATS, {
      error: `must be one of: ${PROVISIONING_EXPORT_FORMATS.join(', ')}`,
    })
    .optional(),
  environment: z.string({ error: 'must be an environment name' }).optional(),
});

export function registerProvisioningRoutes(
  router: ApiRouter,
  options: RouterOptions,
): void {
  const { httpAuth, permissions, auditor, catalog, store, reconciler } =
    options;
  const pipelineScopes = options.pipelineScopes ?? [];

  async function isAllowed(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<boolean> {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** External-access pipelines act only on the products `meshport.pipelines` gives them. */
  async function requirePipelineScope(
    credentials: BackstageCredentials,
    entityRef?: string,
    drafts?: DataProductEntity[],
  ) {
    await requireScope(pipelineScopes, catalog, credentials, entityRef, drafts);
  }

  async function requireAdmin(credentials: BackstageCredentials) {
    await requirePipelineScope(credentials);
    if (
      !(await isAllowed(credentials, dataProductsProvisioningAdminPermission))
    ) {
      throw await permissionRefusal(
        catalog,
        credentials,
        dataProductsProvisioningAdminPermission.name,
      );
    }
  }

  /**
   * The DataProduct must be visible to the caller (404 otherwise, so hidden
   * products stay hidden), then the permission is checked against it. The
   * permission framework resolves conditional decisions (e.g. the catalog's
   * isEntityOwner) through the catalog plugin, so this gets ALLOW or DENY.
   */
  async function requireOnProduct(
    credentials: BackstageCredentials,
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<void> {
    await requirePipelineScope(credentials, entityRef);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || !isDataProductEntity(entity)) {
      throw new NotFoundError(`No DataProduct ${entityRef}`);
    }
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw await permissionRefusal(catalog, credentials, permission.name, [
        entityRef,
      ]);
    }
  }

  router.get('/provisioning/plan', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { entityRef } = parse(planQuery, req.query, 'query');
    await requireOnProduct(
      credentials,
      entityRef,
      dataProductsProvisioningReadPermission,
    );
    res.json(await getDataProductPlan({ reconciler, store, entityRef }));
  });

  router.get('/provisioning/runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parse(listRunsQuery, req.query, 'query');
    if (query.entityRef) {
      await requireOnProduct(
        credentials,
        query.entityRef,
        dataProductsProvisioningReadPermission,
      );
    } else {
      await requireAdmin(credentials);
    }
    const response: ListProvisioningRunsResponse = await store.listRuns({
      dataProduct: query.entityRef,
      status: query.status,
      limit: query.limit ?? 20,
      offset: query.offset ?? 0,
    });
    res.json(response);
  });

  router.get('/provisioning/runs/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { id } = parse(runParams, req.params, 'params');
    const { entityRef } = parse(runQuery, req.query, 'query');
    const run = await store.getRun(id);
    if (!run) {
      throw new NotFoundError(`No provisioning run ${id}`);
    }
    let operations = await store.listOperations(id);
    let summary = run.summary;

    if (entityRef) {
      // One product's part: readable by whoever may read that product's
      // provisioning, also for a whole-mesh run that changed nothing of it.
      await requireOnProduct(
        credentials,
        entityRef,
        dataProductsProvisioningReadPermission,
      );
      const product = normalizeProductRef(entityRef);
      const covers =
        !run.scope?.dataProducts?.length ||
        (await store.getRunProducts(id)).includes(product);
      if (!covers) {
        throw new NotFoundError(
          `Provisioning run ${id} does not cover ${entityRef}`,
        );
      }
      const concerns = (item: { dataProduct?: string }) =>
        !!item.dataProduct && normalizeProductRef(item.dataProduct) === product;
      operations = operations.filter(concerns);
      if (summary) {
        summary = {
          ...summary,
          problems: summary.problems.filter(concerns),
        };
      }
    } else if (
      pipelineRefusal(pipelineScopes, credentials) ||
      !(await isAllowed(credentials, dataProductsProvisioningAdminPermission))
    ) {
      // Product owners (and pipelines) see the part of a run that concerns their products.
      const products = await store.getRunProducts(id);
      const decisions = products.length
        ? await permissions.authorize(
            products.map(product => ({
              permission: dataProductsProvisioningReadPermission,
              resourceRef: product,
            })),
            { credentials },
          )
        : [];
      const readable = new Set(
        products.filter(
          (product, i) =>
            decisions[i].result === AuthorizeResult.ALLOW &&
            !pipelineRefusal(pipelineScopes, credentials, product),
        ),
      );
      if (readable.size === 0) {
        throw await permissionRefusal(
          catalog,
          credentials,
          dataProductsProvisioningReadPermission.name,
          products,
        );
      }
      const visible = (item: { dataProduct?: string }) =>
        !!item.dataProduct &&
        readable.has(normalizeProductRef(item.dataProduct));
      operations = operations.filter(visible);
      if (summary) {
        summary = {
          ...summary,
          problems: summary.problems.filter(
            problem => !problem.dataProduct || visible(problem),
          ),
        };
      }
    }

    const response: ProvisioningRunDetails = {
      ...run,
      ...(summary ? { summary } : {}),
      operations,
    };
    res.json(response);
  });

  router.post('/provisioning/runs', async (req, res) => {
    const run = await audited(
      auditor,
      req,
      { eventId: 'provisioning-run', meta: { actionType: 'trigger' } },
      async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const { entityRef, environment } = parse(triggerBody, req.body, 'body');
        const environmentNames = options.environmentNames ?? [];
        if (
          environment !== undefined &&
          !environmentNames.includes(environment)
        ) {
          throw new InputError(
            `body.environment: must be one of: ${environmentNames.join(
              ', ',
            )} (got ${JSON.stringify(environment)})`,
          );
        }
        if (entityRef) {
          await requireOnProduct(
            credentials,
            entityRef,
            dataProductsProvisioningRunPermission,
          );
        } else {
          await requireAdmin(credentials);
        }
        const triggered = await reconciler.trigger({
          reason: 'manual',
          dataProducts: entityRef ? [entityRef] : undefined,
          environments: environment ? [environment] : undefined,
          requestedBy:
            credentials.principal.type === 'user'
              ? credentials.principal.userEntityRef
              : undefined,
        });
        return {
          value: triggered,
          meta: {
            runId: triggered.id,
            entityRef: entityRef ?? null,
            environment: environment ?? null,
          },
        };
      },
    );
    const response: TriggerProvisioningRunResponse = { run };
    res.status(202).json(response);
  });

  /*
   * What the provisioners would hold for draft entities (a product about to
   * be created, or a changed spec), merged into the current input. Records
   * nothing. Users need provisioning read on an existing product, or the
   * right to create catalog entities for a new one.
   */
  router.post('/provisioning/preview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entities } = parse(previewBody, req.body, 'body');
    const gathered = await reconciler.gatherInput();
    const drafts = parseDraftEntities(entities, gathered.input.environments);
    if (isProductInInput(gathered, drafts.productRef)) {
      await requireOnProduct(
        credentials,
        drafts.productRef,
        dataProductsProvisioningReadPermission,
      );
    } else if (
      pipelineRefusal(pipelineScopes, credentials, drafts.productRef)
    ) {
      await requirePipelineScope(
        credentials,
        drafts.productRef,
        drafts.products,
      );
    } else if (drafts.products.length === 0) {
      throw new InputError(
        `body.entities: no DataProduct ${drafts.productRef} in the catalog; include the DataProduct itself`,
      );
    } else if (!(await isAllowed(credentials, catalogEntityCreatePermission))) {
      throw await permissionRefusal(
        catalog,
        credentials,
        catalogEntityCreatePermission.name,
      );
    }
    res.json(await previewDataProductPlan({ reconciler, drafts, gathered }));
  });

  router.get('/provisioning/export', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parse(exportQuery, req.query, 'query');
    await requireAdmin(credentials);
    const format = query.format ?? 'json';
    const exported = await exportDesiredState({
      reconciler,
      format,
      environment: query.environment,
    });
    if (format === 'terraform') {
      const name = query.environment
        ? `meshport-${query.environment}.tf.json`
        : 'meshport.tf.json';
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    }
    res.json(exported);
  });
}
