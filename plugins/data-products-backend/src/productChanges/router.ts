/*
 * GET /provisioning/changes?entityRef=…: what this product's last run
 * changed, with a diff of each change; GET /provisioning/changes/runs?
 * entityRef=…&runIds=…: what each listed run changed for this product (the
 * run history's counts, never the mesh's). Authorised like the other
 * provisioning reads: the product must be visible to the caller (404
 * otherwise), a pipeline only reads the products it may deploy, and the
 * permission framework decides `data-products.provisioning.read` on it.
 */
import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  dataProductsProvisioningReadPermission,
  isDataProductEntity,
} from '@meshport/plugin-data-products-common';
import { z } from 'zod';
import {
  PipelineScope,
  requirePipelineScope,
} from '../pipelines/pipelineScopes';
import { permissionRefusal } from '../refusals/describe';
import { type ApiRouter, entityRefOf, parse } from '../lib/http';
import type { ProductChangesService } from './ProductChangesService';

const query = z.object({ entityRef: entityRefOf(['DataProduct']) });

/** Run ids as the history lists them: comma-separated, at most one page of runs. */
const MAX_RUNS = 100;
const runsQuery = query.extend({
  runIds: z
    .string()
    .transform(value => [
      ...new Set(
        value
          .split(',')
          .map(id => id.trim())
          .filter(Boolean),
      ),
    ])
    .refine(ids => ids.length > 0 && ids.length <= MAX_RUNS, {
      error: `must list 1 to ${MAX_RUNS} run ids, separated by commas`,
    }),
});

export function registerProductChangesRoutes(
  router: ApiRouter,
  options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    catalog: CatalogService;
    pipelineScopes: PipelineScope[];
    service: ProductChangesService;
  },
): void {
  const { httpAuth, permissions, catalog, pipelineScopes, service } = options;
  /** The product must be visible (404), in the pipeline's scope and readable by policy (403). */
  async function requireReadable(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<void> {
    await requirePipelineScope(pipelineScopes, catalog, credentials, entityRef);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity || !isDataProductEntity(entity)) {
      throw new NotFoundError(`There is no data product ${entityRef}`);
    }
    const [decision] = await permissions.authorize(
      [
        {
          permission: dataProductsProvisioningReadPermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw await permissionRefusal(
        catalog,
        credentials,
        dataProductsProvisioningReadPermission.name,
        [entityRef],
      );
    }
  }

  router.get('/provisioning/changes', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { entityRef } = parse(query, req.query, 'query');
    await requireReadable(credentials, entityRef);
    res.json(await service.forProduct(entityRef));
  });
  router.get('/provisioning/changes/runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { entityRef, runIds } = parse(runsQuery, req.query, 'query');
    await requireReadable(credentials, entityRef);
    res.json(await service.countsByRun(entityRef, runIds));
  });
}
