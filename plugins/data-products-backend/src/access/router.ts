/*
 * The access-requests routes (contract: `api/access.ts` of
 * @meshport/plugin-data-products-common). Thin: validate the input,
 * authenticate, authorise on the server with the permission framework, then
 * delegate to the service. Every change is audited (success or failure).
 *
 * Who may do what (the permission is checked first, then the rules that hold
 * whatever the policy says):
 *
 * | route   | permission (resource)                              | and                                   |
 * | ------- | -------------------------------------------------- | ------------------------------------- |
 * | create  | access-request.create (the consuming DataProduct)  |                                       |
 * | renew   | access-request.create (the consuming DataProduct)  | the request is active                 |
 * | approve | access-request.decide (the Dataset)                | not the requester; the request pends  |
 * | deny    | access-request.decide (the Dataset)                | not the requester; the request pends  |
 * | revoke  | access-grant.revoke (the Dataset)                  | the request is active                 |
 * | cancel  | none                                               | the requester only; the request pends |
 * | migrate | access-request.create (the consuming DataProduct)  | open; a newer version replaces it     |
 */
import type {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  AccessRequestHistoryResponse,
  dataProductsAccessGrantRevokePermission,
  dataProductsAccessRequestCreatePermission,
  dataProductsAccessRequestDecidePermission,
  dataProductsAccessRequestReadPermission,
  DataProductEntity,
  DatasetEntity,
  getOwnerRef,
  isDataProductEntity,
  isDatasetEntity,
  ListAccessRequestsResponse,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { AccessRequestsService } from './AccessRequestsService';
import { addMigrationRoute } from './migrationRoutes';
import {
  AccessRequestStore,
  normalizeRef,
  StoredAccessRequest,
  toApiRequest,
} from './AccessRequestStore';
import {
  createRequestBody,
  decideBody,
  listQuery,
  parse,
  renewBody,
  requestParams,
} from './validation';
import { permissionRefusal } from '../refusals/describe';

export interface AccessRouterOptions {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  store: AccessRequestStore;
  service: AccessRequestsService;
  environments: MeshportEnvironment[];
  /** Full, lowercase refs of the users and groups that may decide any request. */
  admins: string[];
  /** `meshport.accessRequests.consumerOwnersMayApprove` (default false). */
  consumerOwnersMayApprove?: boolean;
}

type AccessAuditAction =
  | 'create'
  | 'approve'
  | 'deny'
  | 'cancel'
  | 'revoke'
  | 'renew'
  | 'migrate';

export async function createAccessRouter(
  options: AccessRouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    userInfo,
    permissions,
    auditor,
    catalog,
    store,
    service,
    environments,
    admins,
  } = options;
  const environmentNames = environments.map(e => e.name);

  const router = Router();
  // the body parser of this route group only (the plugin's routers share one path space)
  router.use('/access', express.json({ limit: '100kb' }));

  async function userCredentials(req: Request) {
    return httpAuth.credentials(req, { allow: ['user'] });
  }

  async function getEntity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    return catalog.getEntityByRef(ref, { credentials });
  }

  async function getDataset(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<DatasetEntity | undefined> {
    const entity = await getEntity(ref, credentials);
    return entity && isDatasetEntity(entity) ? entity : undefined;
  }

  async function getProduct(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<DataProductEntity | undefined> {
    const entity = await getEntity(ref, credentials);
    return entity && isDataProductEntity(entity) ? entity : undefined;
  }

  /** Whether the user owns (through their ownership refs) the consuming product. */
  async function ownsConsumer(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    consumerRef: string,
  ): Promise<boolean> {
    const consumer = await getProduct(consumerRef, credentials);
    if (!consumer) {
      return false;
    }
    const owner = getOwnerRef(consumer).toLocaleLowerCase('en-US');
    const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
    return ownershipEntityRefs.some(
      ref => ref.toLocaleLowerCase('en-US') === owner,
    );
  }

  /** The permission framework's decision on the entity (conditional decisions are resolved by the catalog). */
  async function requirePermission(
    credentials: BackstageCredentials,
    permission: ResourcePermission<'catalog-entity'>,
    resourceRef: string,
  ): Promise<void> {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw await permissionRefusal(catalog, credentials, permission.name, [resourceRef]);
    }
  }

  /** Reading requests is a permission decision too (allowed to everyone by the portal's policy). */
  async function requireRead(credentials: BackstageCredentials): Promise<void> {
    const [decision] = await permissions.authorize(
      [{ permission: dataProductsAccessRequestReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw await permissionRefusal(
        catalog,
        credentials,
        dataProductsAccessRequestReadPermission.name,
      );
    }
  }

  async function loadRequest(req: Request): Promise<StoredAccessRequest> {
    const { id } = parse(requestParams, req.params, 'params');
    const request = await store.getRequest(id);
    if (!request) {
      throw new NotFoundError(`No access request ${id}`);
    }
    return request;
  }

  /** Runs a change with its audit event: success with what changed, or the failure. */
  async function audited<T extends StoredAccessRequest | undefined>(
    req: Request,
    action: AccessAuditAction,
    fn: (meta: Record<string, string>) => Promise<{
      request: T;
      changed?: boolean;
    }>,
  ): Promise<T> {
    const meta: Record<string, string> = {};
    const event = await auditor.createEvent({
      eventId: `access-request-${action}`,
      severityLevel: 'medium',
      request: req,
      meta: { actionType: action },
    });
    try {
      const { request, changed } = await fn(meta);
      await event.success({
        meta: {
          ...meta,
          ...(request
            ? {
                requestId: request.id,
                dataset: request.dataset,
                consumer: request.consumer,
                status: request.status,
              }
            : {}),
          changed: changed ?? true,
        },
      });
      return request;
    } catch (error) {
      await event.fail({
        meta,
        error: error instanceof Error ? error : new Error(String(error)),
      });
      throw error;
    }
  }

  router.post('/access/requests', async (req, res) => {
    const created = await audited(req, 'create', async meta => {
      const credentials = await userCredentials(req);
      const input = parse(createRequestBody, req.body, 'body');
      Object.assign(meta, {
        consumer: input.consumer,
        dataset: input.dataset,
      });
      const consumer = await getProduct(input.consumer, credentials);
      if (!consumer) {
        throw new NotFoundError(`No DataProduct ${input.consumer}`);
      }
      const dataset = await getDataset(input.dataset, credentials);
      if (!dataset) {
        throw new NotFoundError(`No Dataset ${input.dataset}`);
      }
      await requirePermission(
        credentials,
        dataProductsAccessRequestCreatePermission,
        input.consumer,
      );

      const productEnvironments = consumer.spec.environments?.length
        ? consumer.spec.environments
        : environmentNames;
      const requested = input.environments
        ? [...new Set(input.environments)]
        : productEnvironments;
      for (const name of requested) {
        if (!environmentNames.includes(name)) {
          throw new InputError(
            `body.environments: unknown environment ${JSON.stringify(
              name,
            )} (configured: ${environmentNames.join(', ')})`,
          );
        }
        if (!productEnvironments.includes(name)) {
          throw new InputError(
            `body.environments: ${
              input.consumer
            } has no roles in ${JSON.stringify(
              name,
            )} (its environments: ${productEnvironments.join(', ')})`,
          );
        }
      }
      if (requested.length === 0) {
        throw new InputError(
          'body.environments: the consuming product has no environment to receive the access in',
        );
      }

      const request = await service.create({
        consumer,
        dataset,
        environments: requested,
        purpose: input.purpose,
        duration: input.duration,
        actor: credentials.principal.userEntityRef,
      });
      return { request };
    });
    res.status(201).json(toApiRequest(created));
  });

  router.get('/access/requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requireRead(credentials);
    const query = parse(listQuery, req.query, 'query');
    const user =
      credentials.principal.type === 'user'
        ? (credentials.principal as BackstageUserPrincipal)
        : undefined;
    if ((query.mine || query.awaitingMyDecision) && !user) {
      throw new InputError(
        `query.${
          query.mine ? 'mine' : 'awaitingMyDecision'
        }: needs a signed-in user`,
      );
    }
    let awaiting: { owners: string[] | 'all'; caller: string } | undefined;
    if (query.awaitingMyDecision && user) {
      // Fast at any size: one SQL filter on the stored dataset owner, not a
      // permission call per request. Admins (the portal policy's) see all.
      const info = await userInfo.getUserInfo(credentials);
      const claims = info.ownershipEntityRefs.map(normalizeRef);
      awaiting = {
        owners: claims.some(ref => admins.includes(ref)) ? 'all' : claims,
        caller: user.userEntityRef,
      };
    }
    const result = await store.listRequests({
      dataset: query.dataset,
      consumer: query.consumer,
      statuses: query.status,
      requester: query.mine ? user!.userEntityRef : undefined,
      awaiting,
      limit: query.limit ?? 20,
      offset: query.offset ?? 0,
    });
    const response: ListAccessRequestsResponse = {
      items: result.items.map(toApiRequest),
      totalCount: result.totalCount,
    };
    res.json(response);
  });

  router.get('/access/requests/:id', async (req, res) => {
    await requireRead(
      await httpAuth.credentials(req, { allow: ['user', 'service'] }),
    );
    const request = await loadRequest(req);
    res.json(toApiRequest(request));
  });

  router.get('/access/requests/:id/history', async (req, res) => {
    await requireRead(
      await httpAuth.credentials(req, { allow: ['user', 'service'] }),
    );
    const request = await loadRequest(req);
    const response: AccessRequestHistoryResponse = {
      items: await store.listEvents(request.id),
    };
    res.json(response);
  });

  for (const decision of ['approve', 'deny'] as const) {
    router.post(`/access/requests/:id/${decision}`, async (req, res) => {
      const decided = await audited(req, decision, async () => {
        const credentials = await userCredentials(req);
        const request = await loadRequest(req);
        const { note } = parse(decideBody, req.body, 'body');
        await requirePermission(
          credentials,
          dataProductsAccessRequestDecidePermission,
          request.dataset,
        );
        const dataset = await getDataset(request.dataset, credentials);
        const actor = credentials.principal.userEntityRef;
        return decision === 'approve'
          ? service.approve(request, {
              actor,
              note,
              dataset,
              actorOwnsConsumer:
                !options.consumerOwnersMayApprove &&
                (await ownsConsumer(credentials, request.consumer)),
            })
          : service.deny(request, { actor, note, dataset });
      });
      res.json(toApiRequest(decided));
    });
  }

  router.post('/access/requests/:id/cancel', async (req, res) => {
    const cancelled = await audited(req, 'cancel', async () => {
      const credentials = await userCredentials(req);
      const request = await loadRequest(req);
      const { note } = parse(decideBody, req.body, 'body');
      return service.cancel(request, {
        actor: credentials.principal.userEntityRef,
        note,
      });
    });
    res.json(toApiRequest(cancelled));
  });

  router.post('/access/requests/:id/revoke', async (req, res) => {
    const revoked = await audited(req, 'revoke', async () => {
      const credentials = await userCredentials(req);
      const request = await loadRequest(req);
      const { note } = parse(decideBody, req.body, 'body');
      await requirePermission(
        credentials,
        dataProductsAccessGrantRevokePermission,
        request.dataset,
      );
      return service.revoke(request, {
        actor: credentials.principal.userEntityRef,
        note,
      });
    });
    res.json(toApiRequest(revoked));
  });

  router.post('/access/requests/:id/renew', async (req, res) => {
    const renewal = await audited(req, 'renew', async meta => {
      const credentials = await userCredentials(req);
      const request = await loadRequest(req);
      const input = parse(renewBody, req.body, 'body');
      meta.renewalOf = request.id;
      await requirePermission(
        credentials,
        dataProductsAccessRequestCreatePermission,
        request.consumer,
      );
      const dataset = await getDataset(request.dataset, credentials);
      const created = await service.renew({
        request,
        dataset,
        duration: input.duration,
        note: input.note,
        actor: credentials.principal.userEntityRef,
      });
      return { request: created };
    });
    res.status(201).json(toApiRequest(renewal));
  });

  addMigrationRoute(router, {
    catalog,
    service,
    userCredentials,
    loadRequest,
    getDataset,
    getProduct,
    requirePermission,
    audited,
  });

  return router;
}
