/*
 * The steps of `meshport apply` that talk to the portal: get the catalog to read the product
 * (register its location, or refresh the one it has), wait until the catalog shows the local
 * content, and follow a provisioning run to its end.
 */
import path from 'node:path';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  DataProductProvisioningPlanResponse,
  dataProductsProvisioningRunPermission,
  ProvisioningRunDetails,
  ProvisioningRunOperation,
} from '@meshport/plugin-data-products-common';
import { EXIT_PROBLEMS, plural } from './output';
import { PortalClient, PortalError } from './portal';
import {
  entityTitle,
  forbiddenSentence,
  getEntity,
  processingErrors,
} from './portalCatalog';

const POLL_MS = 500;

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));

/** Whether every field of `local` has the same value in `remote` (the catalog may add fields). */
export function isSubset(local: unknown, remote: unknown): boolean {
  if (Array.isArray(local)) {
    return (
      Array.isArray(remote) &&
      remote.length === local.length &&
      local.every((item, i) => isSubset(item, remote[i]))
    );
  }
  if (typeof local === 'object' && local !== null) {
    return (
      typeof remote === 'object' &&
      remote !== null &&
      Object.entries(local).every(([key, value]) =>
        isSubset(value, (remote as Record<string, unknown>)[key]),
      )
    );
  }
  return local === remote;
}

/** Whether the catalog's entity shows the local document (spec and title). */
export function showsLocalContent(local: Entity, remote: Entity): boolean {
  return (
    isSubset(local.spec ?? {}, remote.spec ?? {}) &&
    (local.metadata.title === undefined ||
      local.metadata.title === remote.metadata.title)
  );
}

/**
 * Before anything changes in the portal: may the caller reconcile the product (asked of the
 * permission framework for users), and what would change (the preview route, which also holds
 * pipelines to their products). Returns the pending operations per environment.
 */
export async function preflight(
  client: PortalClient,
  product: Entity,
  entities: Entity[],
): Promise<Map<string, number>> {
  const productRef = stringifyEntityRef(product);
  const existing = await getEntity(client, productRef);
  if (existing) {
    const decision = await client
      .request<{ items: Array<{ result: string }> }>(
        '/api/permission/authorize',
        {
          body: {
            items: [
              {
                id: 'apply',
                permission: dataProductsProvisioningRunPermission,
                resourceRef: productRef,
              },
            ],
          },
        },
      )
      // Service tokens cannot ask (the route is for users); the preview below judges them.
      .catch(() => undefined);
    if (decision?.items?.[0]?.result === 'DENY') {
      throw new PortalError(
        await forbiddenSentence(
          client,
          existing,
          'deploy',
          `You are not allowed to ${dataProductsProvisioningRunPermission.name}`,
        ),
        403,
        EXIT_PROBLEMS,
      );
    }
  }
  const plan = await client.dataProducts<DataProductProvisioningPlanResponse>(
    api => api.previewProvisioning({ body: { entities } }),
    {
      forbidden: message =>
        forbiddenSentence(client, existing ?? product, 'deploy', message),
    },
  );
  const pending = new Map<string, number>();
  for (const provisioner of plan.provisioners) {
    for (const operation of provisioner.pendingOperations ?? []) {
      pending.set(
        operation.environment,
        (pending.get(operation.environment) ?? 0) + 1,
      );
    }
  }
  return pending;
}

export interface LocationAction {
  kind: 'refreshed' | 'registered' | 'pushed';
  /** `type:target` the portal reads the product from. */
  location: string;
  /** Set when the portal reads the product from somewhere else than the applied file. */
  elsewhere?: boolean;
  /** `pushed`: the commit in the portal's repository, and whether it changed anything. */
  commit?: string;
  changed?: boolean;
}

/** The location type of a repository on the portal host (the wizard's `meshport:publish:local`). */
export const LOCAL_GIT_LOCATION_TYPE = 'meshport-local-git';

/**
 * A product the wizard published to a repository on the portal host: the portal commits the
 * documents there (as the caller, if they may change the product) and reads them again.
 */
async function pushToPortalRepository(
  client: PortalClient,
  product: Entity,
  entities: Entity[],
  repository: string,
): Promise<LocationAction> {
  const productRef = stringifyEntityRef(product);
  // A route the scaffolder module adds under /api/data-products: the plugin's
  // OpenAPI document (hence its generated client) does not describe it.
  const pushed = await client.request<{
    repository: string;
    commitHash: string;
    changed: boolean;
  }>('/api/data-products/local-git/push', {
    body: { entityRef: productRef, entities },
    forbidden: message => forbiddenSentence(client, product, 'change', message),
    notFound: message => message,
  });
  return {
    kind: 'pushed',
    location: `${LOCAL_GIT_LOCATION_TYPE}:${pushed.repository ?? repository}`,
    commit: pushed.commitHash,
    changed: pushed.changed,
  };
}

/**
 * Makes the catalog read the product: refresh its location when the product is known (the
 * catalog refreshes the entity's ancestors, i.e. re-reads its file or repository), push the
 * documents when it lives in a repository on the portal host, otherwise register the location
 * (`--location`, else the file itself, for a portal on this machine).
 */
export async function registerOrRefresh(
  client: PortalClient,
  product: Entity,
  file: string,
  locationOption?: string,
  entities: Entity[] = [product],
): Promise<LocationAction> {
  const productRef = stringifyEntityRef(product);
  const existing = await getEntity(client, productRef);
  const forbidden = (action: string) => (message: string) =>
    forbiddenSentence(client, existing ?? product, action, message);
  if (existing) {
    const location = existing.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
    let elsewhere = true;
    try {
      const { type, target } = parseLocationRef(location);
      if (type === LOCAL_GIT_LOCATION_TYPE) {
        return await pushToPortalRepository(client, existing, entities, target);
      }
      elsewhere = !(
        type === 'file' && path.resolve(target) === path.resolve(file)
      );
    } catch (error) {
      if (error instanceof PortalError) {
        throw error;
      }
    }
    await client.request('/api/catalog/refresh', {
      body: { entityRef: productRef },
      forbidden: forbidden('refresh'),
    });
    return { kind: 'refreshed', location, elsewhere };
  }
  const target = locationOption ?? path.resolve(file);
  const type = locationOption ? 'url' : 'file';
  try {
    await client.request('/api/catalog/locations', {
      body: { type, target },
      forbidden: forbidden('register'),
    });
  } catch (error) {
    if (
      error instanceof PortalError &&
      error.status === 400 &&
      type === 'file' &&
      /allowed type/.test(error.message)
    ) {
      throw new PortalError(
        `The portal at ${
          client.portal
        } does not read local files: pass --location <URL of ${path.basename(
          file,
        )} in a repository the portal reads>, or, for a portal on this machine, allow file locations (catalog.allowedLocationTypes: [url, file]).`,
        400,
        EXIT_PROBLEMS,
      );
    }
    if (!(error instanceof PortalError && error.status === 409)) {
      throw error;
    }
    // Registered before (e.g. its first processing failed): have it read again.
    const locations = await client.request<Entity[]>('/api/catalog/entities', {
      query: { filter: `kind=location,spec.target=${target}` },
    });
    for (const location of locations ?? []) {
      await client.request('/api/catalog/refresh', {
        body: { entityRef: stringifyEntityRef(location) },
      });
    }
  }
  return { kind: 'registered', location: `${type}:${target}` };
}

/** How long a processing error must last after the refresh before apply gives up on it. */
const ERROR_GRACE_MS = 20_000;

/**
 * Waits until the catalog shows every local entity as written, without processing errors. An
 * error seen right after the refresh may be the previous version's: it fails apply only when it
 * lasts (or at the deadline).
 */
export async function waitForCatalog(
  client: PortalClient,
  entities: Entity[],
  deadline: number,
  action: LocationAction,
): Promise<void> {
  const pending = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  const errorsSince = new Map<string, number>();
  for (;;) {
    for (const [ref, local] of [...pending]) {
      const remote = await getEntity(client, ref);
      const errors = remote ? processingErrors(remote) : [];
      if (remote && errors.length === 0 && showsLocalContent(local, remote)) {
        pending.delete(ref);
        continue;
      }
      if (errors.length === 0) {
        errorsSince.delete(ref);
        continue;
      }
      const since = errorsSince.get(ref) ?? Date.now();
      errorsSince.set(ref, since);
      if (Date.now() - since > ERROR_GRACE_MS || Date.now() > deadline) {
        throw new PortalError(
          `The portal's catalog cannot process ${entityTitle(
            local,
          )}: ${errors.join('; ')}. Fix it and apply again.`,
          undefined,
          EXIT_PROBLEMS,
        );
      }
    }
    if (pending.size === 0) {
      return;
    }
    if (Date.now() > deadline) {
      const names = [...pending.values()].map(entityTitle).join(', ');
      throw new PortalError(
        action.elsewhere
          ? `The portal reads this product from ${action.location}, which does not have your change to ${names} yet: push it there, then apply again.`
          : `The portal's catalog did not show your version of ${names} in time (location ${action.location}); check the location's processing errors in the portal.`,
        undefined,
        EXIT_PROBLEMS,
      );
    }
    await sleep(POLL_MS);
  }
}

const FINISHED_OPERATION = new Set([
  'planned',
  'succeeded',
  'failed',
  'skipped',
]);

/** `dev 3/7, prd 7/7` operations done per environment. */
export function describeProgress(run: ProvisioningRunDetails): string {
  if (run.status === 'queued') {
    return 'queued';
  }
  const byEnvironment = new Map<string, { done: number; total: number }>();
  for (const operation of run.operations) {
    const counts = byEnvironment.get(operation.environment) ?? {
      done: 0,
      total: 0,
    };
    counts.total++;
    if (FINISHED_OPERATION.has(operation.status)) counts.done++;
    byEnvironment.set(operation.environment, counts);
  }
  const parts = [...byEnvironment]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([environment, c]) => `${environment} ${c.done}/${c.total}`);
  return `${run.status}: ${
    parts.length ? `${parts.join(', ')} operations done` : 'no operations yet'
  }`;
}

/** Follows the run until it ends, calling `onProgress` when the progress line changes. */
export async function waitForRun(
  client: PortalClient,
  runId: string,
  productRef: string,
  deadline: number,
  onProgress: (line: string) => void,
): Promise<ProvisioningRunDetails | undefined> {
  let last = '';
  for (;;) {
    const run = await client.dataProducts<ProvisioningRunDetails>(api =>
      api.getProvisioningRun({
        path: { id: runId },
        query: { entityRef: productRef },
      }),
    );
    const line = describeProgress(run);
    if (line !== last) {
      onProgress(line);
      last = line;
    }
    if (run.status !== 'queued' && run.status !== 'running') {
      return run;
    }
    if (Date.now() > deadline) {
      return undefined;
    }
    await sleep(POLL_MS);
  }
}

/** The run's failures that concern the product: failed operations and errors of its plan. */
export function runFailures(
  run: ProvisioningRunDetails,
  productRef: string,
): string[] {
  const mine = (ref?: string) =>
    !ref ||
    ref.toLocaleLowerCase('en-US') === productRef.toLocaleLowerCase('en-US');
  const failures = run.operations
    .filter(
      (op: ProvisioningRunOperation) =>
        op.status === 'failed' && mine(op.dataProduct),
    )
    .map(
      op =>
        `${op.description} (${op.resourceType} ${op.resource} in ${
          op.environment
        }) failed: ${op.error ?? 'no details'}`,
    );
  for (const problem of run.summary?.problems ?? []) {
    if (problem.severity === 'error' && mine(problem.dataProduct)) {
      failures.push(
        `${problem.environment ? `${problem.environment}: ` : ''}${
          problem.message
        }`,
      );
    }
  }
  if (run.status === 'failed' && failures.length === 0) {
    failures.push(`the run failed: ${run.error ?? 'no details'}`);
  }
  return failures;
}

/** `7 operations: 7 planned` for the final line. */
export function describeOutcome(run: ProvisioningRunDetails): string {
  const counts = new Map<string, number>();
  for (const op of run.operations) {
    counts.set(op.status, (counts.get(op.status) ?? 0) + 1);
  }
  const detail = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return `${plural(run.operations.length, 'operation', 'operations')}${
    detail ? `: ${detail}` : ''
  }`;
}
