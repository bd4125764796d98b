/*
 * POST /access/requests/:id/migrate  { successor? }  "migrate to v2"
 *
 * A newer major version of the request's dataset (another Dataset whose
 * `spec.deprecates.dataset` names it) replaces it: an owner of the consuming
 * product accepts the move (permission access-request.create on the consuming
 * DataProduct, as for a renewal). 201 with what was done, 200 when it was
 * done before. The rules are ./migration.ts's.
 */
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  dataProductsAccessRequestCreatePermission,
  DataProductEntity,
  DatasetEntity,
  findPendingVersions,
  isDatasetEntity,
  MigrateAccessRequestResponse,
  OPEN_ACCESS_REQUEST_STATUSES,
  PendingVersion,
} from '@meshport/plugin-data-products-common';
import type { Request } from 'express';
import { normalizeEntityRef } from '../lib/entityRefs';
import type { ApiRouter } from '../lib/http';
import type { AccessRequestsService } from './AccessRequestsService';
import { StoredAccessRequest, toApiRequest } from './AccessRequestStore';
import type { MigrationResult } from './AccessMigrations';
import { migrateBody, parse } from './validation';

/** What the access router lends this route. */
export interface MigrationRouteContext {
  catalog: CatalogService;
  service: AccessRequestsService;
  userCredentials(
    req: Request,
  ): Promise<BackstageCredentials<BackstageUserPrincipal>>;
  loadRequest(req: Request): Promise<StoredAccessRequest>;
  getDataset(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<DatasetEntity | undefined>;
  getProduct(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<DataProductEntity | undefined>;
  requirePermission(
    credentials: BackstageCredentials,
    permission: ResourcePermission<'catalog-entity'>,
    resourceRef: string,
  ): Promise<void>;
  audited(
    req: Request,
    action: 'migrate',
    fn: (
      meta: Record<string, string>,
    ) => Promise<{ request: StoredAccessRequest; changed?: boolean }>,
  ): Promise<StoredAccessRequest>;
}

const titleOf = (entity: { metadata: { name: string; title?: string } }) =>
  entity.metadata.title ?? entity.metadata.name;

/** The version to move to: the one named, or the only one. */
export function chooseVersion(
  dataset: DatasetEntity,
  pending: PendingVersion[],
  named: string | undefined,
): PendingVersion {
  const title = titleOf(dataset);
  if (pending.length === 0) {
    throw new ConflictError(
      `No newer version replaces ${title}: there is nothing to move to`,
    );
  }
  const titles = pending.map(p => p.successorTitle).join(', ');
  if (named) {
    const version = pending.find(
      p => normalizeEntityRef(p.successor) === named,
    );
    if (!version) {
      throw new InputError(
        `body.successor: must be a version replacing ${title} (${titles})`,
      );
    }
    return version;
  }
  if (pending.length > 1) {
    throw new InputError(
      `body.successor: several versions replace ${title} (${titles}); name the one to move to`,
    );
  }
  return pending[0];
}

export function addMigrationRoute(
  router: ApiRouter,
  context: MigrationRouteContext,
): void {
  const { catalog, service } = context;

  router.post('/access/requests/:id/migrate', async (req, res) => {
    let result: MigrationResult | undefined;
    const done = await context.audited(req, 'migrate', async meta => {
      const credentials = await context.userCredentials(req);
      const request = await context.loadRequest(req);
      const input = parse(migrateBody, req.body ?? {}, 'body');
      await context.requirePermission(
        credentials,
        dataProductsAccessRequestCreatePermission,
        request.consumer,
      );
      if (!OPEN_ACCESS_REQUEST_STATUSES.includes(request.status)) {
        throw new ConflictError(
          `Only access held or asked for can move to a new version; this request is ${request.status}`,
        );
      }
      const [dataset, consumer] = await Promise.all([
        context.getDataset(request.dataset, credentials),
        context.getProduct(request.consumer, credentials),
      ]);
      if (!dataset || !consumer) {
        throw new NotFoundError(
          `The ${
            dataset ? 'consuming product' : 'dataset'
          } of this request is not in the catalog`,
        );
      }
      // only the Datasets that replace another one
      const { items } = await catalog.getEntities(
        {
          filter: {
            kind: 'Dataset',
            'spec.deprecates.dataset': CATALOG_FILTER_EXISTS,
          },
        },
        { credentials },
      );
      const version = chooseVersion(
        dataset,
        findPendingVersions(dataset, items.filter(isDatasetEntity), {
          now: new Date(),
        }),
        input.successor,
      );
      const successor = await context.getDataset(
        version.successor,
        credentials,
      );
      if (!successor) {
        throw new NotFoundError(
          `${version.successorTitle} is not in the catalog`,
        );
      }
      result = await service.migrate({
        request,
        consumer,
        successor,
        version,
        actor: credentials.principal.userEntityRef,
      });
      Object.assign(meta, {
        previousRequestId: request.id,
        successor: stringifyEntityRef(successor),
        outcome: result.outcome,
      });
      return { request: result.request, changed: result.changed };
    });
    const outcome = result!;
    const response: MigrateAccessRequestResponse = {
      outcome: outcome.outcome,
      request: toApiRequest(done),
      previous: toApiRequest(outcome.previous),
    };
    res.status(outcome.changed ? 201 : 200).json(response);
  });
}
