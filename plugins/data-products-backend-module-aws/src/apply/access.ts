/*
 * Lake Formation and cross-account reads as provisioning operations: the
 * pure diff (`diffAccessOperations`, ordered by `diffAwsState` after the
 * roles are created and before their policies change, so readers switching
 * to Lake Formation keep access), their applier, and their part of
 * `assumeApplied` (plan mode).
 *
 * Every operation is applied in the environment that owns the resource,
 * with that environment's clients (its credentials, checked by STS first):
 *
 * - `lake-formation`: per environment, one operation for its data locations
 *   and LF-tags (no data product: whole-mesh runs), and one per data product
 *   for the grants and revokes of its roles (so the run an approval starts,
 *   scoped to the consumer, applies its grant);
 * - `s3-bucket-policy`, `glue-catalog-policy`: Meshport's statements merged
 *   into the producer's policies (others' statements kept);
 * - `athena-data-catalog`: the reader's catalog of the producer's Glue.
 */
import type {
  JsonObject,
  ProvisioningOperation,
} from '@meshport/plugin-data-products-node';
import {
  AWS_PROVISIONER_ID,
  AwsActualState,
  AwsAthenaDataCatalog,
  AwsDesiredState,
  AwsResourcePolicyGrant,
} from '../model';
import { lfResourceKey } from '../plan/lakeFormation';
import type { ApplyContext, Outcome } from './context';
import {
  applyDataCatalog,
  applyPolicy,
  mergeMeshportStatements,
} from './crossAccount';
import { applyLakeFormation } from './lakeFormation';
import {
  ActualLakeFormation,
  AwsLfPermissionHeld,
  diffLakeFormation,
  hasChanges,
  LakeFormationChanges,
} from './lakeFormationDiff';
import { lakeFormationApi } from './lakeFormationClient';
import { createResourceLinks } from './resourceLinks';

export const LAKE_FORMATION = 'lake-formation';
const CATALOG_PART = 'locations-and-tags';

export const crossAccountKey = (environment: string, resource: string) =>
  `${environment}\n${resource}`;

const NOTHING_HELD: ActualLakeFormation = {
  resources: new Set(),
  permissions: [],
  lfTags: new Map(),
  resourceTags: new Map(),
};

type InScope = (
  environment: string,
  dataProduct: string | undefined,
) => boolean;

function lakeFormationOperations(
  desired: AwsDesiredState,
  actual: AwsActualState,
  inScope: InScope,
): ProvisioningOperation[] {
  const operations: ProvisioningOperation[] = [];
  const productOf = new Map(desired.roles.map(r => [r.arn, r.dataProduct]));
  const lfEnvironments = desired.lakeFormation ?? [];
  for (const planned of lfEnvironments) {
    // Nothing read at all (refused, or out of scope): nothing to say. Read,
    // or assumed from a plan, but absent: the environment was not in
    // lake-formation mode before, so Lake Formation holds nothing of ours.
    if (!actual.lakeFormation) continue;
    const held = actual.lakeFormation[planned.environment] ?? NOTHING_HELD;
    // What another environment of the same account plans is not removed.
    const changes = diffLakeFormation(
      planned,
      held,
      lfEnvironments.filter(e => e.accountId === planned.accountId),
    );
    if (!hasChanges(changes)) continue;
    const { environment } = planned;
    const byProduct = new Map<
      string | undefined,
      { grants: AwsLfPermissionHeld[]; revokes: AwsLfPermissionHeld[] }
    >();
    const add = (kind: 'grants' | 'revokes', p: AwsLfPermissionHeld) => {
      const product = productOf.get(p.principal);
      const entry = byProduct.get(product) ?? { grants: [], revokes: [] };
      entry[kind].push(p);
      byProduct.set(product, entry);
    };
    changes.grants.forEach(p => add('grants', p));
    changes.revokes.forEach(p => add('revokes', p));
    const catalogPart: LakeFormationChanges = {
      ...changes,
      grants: byProduct.get(undefined)?.grants ?? [],
      revokes: byProduct.get(undefined)?.revokes ?? [],
    };
    if (hasChanges(catalogPart) && inScope(environment, undefined)) {
      const what = [
        !!catalogPart.createLinks?.length &&
          `create ${catalogPart.createLinks.length} resource link(s) to other accounts' databases`,
        catalogPart.register.length &&
          `register ${catalogPart.register.length} data location(s)`,
        catalogPart.createTags.length + catalogPart.addTagValues.length &&
          'create LF-tags and values',
        catalogPart.tagResources.length &&
          `tag ${catalogPart.tagResources.length} database(s) and table(s)`,
        catalogPart.revokes.length &&
          `revoke ${catalogPart.revokes.length} IAMAllowedPrincipals permission(s)`,
        catalogPart.grants.length &&
          `grant ${catalogPart.grants.length} permission(s)`,
        !!catalogPart.untagResources?.length &&
          `remove Meshport's LF-tags from ${catalogPart.untagResources.length} database(s) and table(s)`,
        (catalogPart.deleteTagValues?.length ?? 0) +
          (catalogPart.deleteTags?.length ?? 0) &&
          "delete Meshport's unused LF-tag values and keys",
        !!catalogPart.deregister?.length &&
          `deregister ${catalogPart.deregister.length} data location(s) no longer used`,
      ].filter(Boolean);
      operations.push(
        lfOperation(environment, undefined, CATALOG_PART, catalogPart, what),
      );
    }
    const products = [...byProduct.keys()]
      .filter((p): p is string => p !== undefined)
      .sort();
    for (const product of products) {
      if (!inScope(environment, product)) continue;
      const { grants, revokes } = byProduct.get(product)!;
      const part: LakeFormationChanges = {
        ...changes,
        register: [],
        createTags: [],
        addTagValues: [],
        tagResources: [],
        createLinks: [],
        deregister: [],
        untagResources: [],
        deleteTagValues: [],
        deleteTags: [],
        grants,
        revokes,
      };
      operations.push(
        lfOperation(environment, product, product, part, [
          grants.length && `grant ${grants.length} permission(s)`,
          revokes.length && `revoke ${revokes.length} permission(s)`,
        ]),
      );
    }
  }
  return operations;
}

function lfOperation(
  environment: string,
  dataProduct: string | undefined,
  part: string,
  changes: LakeFormationChanges,
  what: Array<string | number | false>,
): ProvisioningOperation {
  return {
    id: `${AWS_PROVISIONER_ID}:${environment}:update:${LAKE_FORMATION}:${part}`,
    provisioner: AWS_PROVISIONER_ID,
    environment,
    ...(dataProduct ? { dataProduct } : {}),
    action: 'update',
    resourceType: LAKE_FORMATION,
    resource: part,
    description: `Lake Formation in ${environment}${
      dataProduct ? ` for ${dataProduct}` : ''
    }: ${what.filter(Boolean).join(', ')}`,
    details: { changes } as unknown as JsonObject,
  };
}

/**
 * Policies read but no longer planned (see `readEnvironmentAccess`): with no
 * planned statement, merging removes Meshport's and keeps the rest.
 */
function stalePolicies(
  desired: AwsDesiredState,
  policies: Record<string, string | null>,
): AwsResourcePolicyGrant[] {
  const planned = new Set(
    (desired.resourcePolicies ?? []).map(p =>
      crossAccountKey(p.environment, p.resource),
    ),
  );
  const accountOf = new Map(desired.environments.map(e => [e.name, e.accountId]));
  return Object.keys(policies)
    .filter(key => !planned.has(key))
    .map(key => {
      const [environment, resource] = key.split('\n');
      return {
        environment,
        accountId: accountOf.get(environment) ?? '',
        resource,
        kind: resource.startsWith('arn:')
          ? ('glue-catalog-policy' as const)
          : ('s3-bucket-policy' as const),
        readers: [],
        statements: [],
      };
    });
}

function crossAccountOperations(
  desired: AwsDesiredState,
  actual: AwsActualState,
  inScope: InScope,
): ProvisioningOperation[] {
  const found = actual.crossAccount;
  if (!found) return [];
  const operations: ProvisioningOperation[] = [];
  const planned = desired.resourcePolicies ?? [];
  for (const policy of [...planned, ...stalePolicies(desired, found.policies)]) {
    const key = crossAccountKey(policy.environment, policy.resource);
    // Unread policies (out of scope, or a missing bucket or key) are not written.
    if (!(key in found.policies)) continue;
    if (!inScope(policy.environment, undefined)) continue;
    const existing = found.policies[key] ?? undefined;
    if (!mergeMeshportStatements(existing, policy.statements).changed) continue;
    const where = {
      's3-bucket-policy': `bucket policy of ${policy.resource}`,
      'glue-catalog-policy': 'Glue catalog policy',
      'kms-key-policy': `key policy of ${policy.resource}`,
    }[policy.kind];
    operations.push({
      id: `${AWS_PROVISIONER_ID}:${policy.environment}:update:${policy.kind}:${policy.resource}`,
      provisioner: AWS_PROVISIONER_ID,
      environment: policy.environment,
      action: 'update',
      resourceType: policy.kind,
      resource: policy.resource,
      description: policy.readers.length
        ? `Add Meshport's cross-account read statements (for ${policy.readers.join(
            ', ',
          )}) to the ${where} in ${policy.environment}`
        : `Remove Meshport's cross-account read statements (no reader left) from the ${where} in ${policy.environment}`,
      details: { policy } as unknown as JsonObject,
    });
  }
  for (const catalog of desired.dataCatalogs ?? []) {
    const key = crossAccountKey(catalog.environment, catalog.name);
    if (!(key in found.catalogs) || !inScope(catalog.environment, undefined)) {
      continue;
    }
    const existing = found.catalogs[key];
    if (existing === catalog.catalogId) continue;
    const action = existing === null ? 'create' : 'update';
    operations.push({
      id: `${AWS_PROVISIONER_ID}:${catalog.environment}:${action}:athena-data-catalog:${catalog.name}`,
      provisioner: AWS_PROVISIONER_ID,
      environment: catalog.environment,
      action,
      resourceType: 'athena-data-catalog',
      resource: catalog.name,
      description: `${
        action === 'create' ? 'Create' : 'Update'
      } Athena data catalog ${catalog.name} in ${
        catalog.environment
      } (Glue catalog of ${catalog.sourceEnvironment})`,
      details: { catalog } as unknown as JsonObject,
    });
  }
  return operations;
}

/** Pure: the Lake Formation and cross-account operations. */
export function diffAccessOperations(
  desired: AwsDesiredState,
  actual: AwsActualState,
  inScope: InScope,
): ProvisioningOperation[] {
  return [
    ...crossAccountOperations(desired, actual, inScope),
    ...lakeFormationOperations(desired, actual, inScope),
  ];
}

/** Applies one operation of `diffAccessOperations` with its environment's clients. */
export async function applyAccessOperation(
  operation: ProvisioningOperation,
  ctx: ApplyContext,
): Promise<Outcome> {
  const details = operation.details as unknown as {
    changes?: LakeFormationChanges;
    policy?: AwsResourcePolicyGrant;
    catalog?: AwsAthenaDataCatalog;
  };
  if (operation.resourceType === LAKE_FORMATION) {
    // Links first: the grants on them need them.
    const links = await createResourceLinks(
      ctx.clients.glue,
      details.changes!.createLinks ?? [],
    );
    const { calls } = await applyLakeFormation(
      lakeFormationApi(ctx.clients.lakeformation),
      details.changes!,
    );
    return {
      status: 'succeeded',
      note: `${calls} Lake Formation call(s)${
        links ? `, ${links} resource link(s) created` : ''
      }`,
    };
  }
  const outcome =
    operation.resourceType === 'athena-data-catalog'
      ? await applyDataCatalog(ctx.clients, details.catalog!)
      : await applyPolicy(ctx.clients, details.policy!);
  return { status: 'succeeded', note: outcome };
}

/** Pure: what Lake Formation and the cross-account resources hold once `desired` is applied. */
export function assumeAccessApplied(
  desired: AwsDesiredState,
): Pick<AwsActualState, 'lakeFormation' | 'crossAccount'> {
  const lakeFormation: Record<string, ActualLakeFormation> = {};
  for (const planned of desired.lakeFormation ?? []) {
    lakeFormation[planned.environment] = {
      resources: new Set(planned.resources.map(r => r.arn)),
      permissions: planned.permissions.map(p => ({
        principal: p.principal,
        resource: structuredClone(p.resource),
        permissions: [...p.permissions],
      })),
      lfTags: new Map(planned.lfTags.map(t => [t.key, new Set(t.values)])),
      resourceTags: new Map(
        planned.resourceTags.map(t => [lfResourceKey(t.resource), t.tags]),
      ),
      resourceLinks: Object.fromEntries(
        planned.resourceLinks.map(l => [
          l.name,
          { catalogId: l.targetCatalogId, database: l.targetDatabase },
        ]),
      ),
      ...(planned.crossAccountVersion
        ? { crossAccountVersion: planned.crossAccountVersion }
        : {}),
    };
  }
  const policies: Record<string, string | null> = {};
  for (const policy of desired.resourcePolicies ?? []) {
    policies[crossAccountKey(policy.environment, policy.resource)] =
      JSON.stringify({ Version: '2012-10-17', Statement: policy.statements });
  }
  const catalogs: Record<string, string | null> = {};
  for (const catalog of desired.dataCatalogs ?? []) {
    catalogs[crossAccountKey(catalog.environment, catalog.name)] =
      catalog.catalogId;
  }
  return { lakeFormation, crossAccount: { policies, catalogs } };
}
