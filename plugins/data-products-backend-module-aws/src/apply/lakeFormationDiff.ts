/*
 * Pure: what Lake Formation holds of Meshport's (read by ./lakeFormation.ts),
 * the changes that bring it to the plan, and which grants it holds in full.
 */
import type {
  AwsLakeFormationEnvironment,
  AwsLfPermission,
  AwsLfResource,
  AwsRole,
} from '../model';
import { lfResourceKey } from '../plan/lakeFormation';
import { HeldLinks, missingLinks, ResourceLink } from './resourceLinks';

/** What Lake Formation holds in one account, as far as Meshport is concerned. */
export interface ActualLakeFormation {
  /** Registered location ARNs. */
  resources: Set<string>;
  /** Registered location ARN -> the role it was registered with ('' when none is listed). */
  registeredWith?: Map<string, string>;
  /** The databases named like the planned resource links (unread: undefined). */
  resourceLinks?: HeldLinks;
  /** Meshport principals' grants plus IAMAllowedPrincipals grants on the given databases. */
  permissions: AwsLfPermissionHeld[];
  /** LF-tag key -> values. */
  lfTags: Map<string, Set<string>>;
  /** `lfResourceKey` -> tag key -> value, for the planned resources. */
  resourceTags: Map<string, Record<string, string>>;
  crossAccountVersion?: string;
}

export interface AwsLfPermissionHeld {
  principal: string;
  resource: AwsLfResource;
  permissions: string[];
}

/** The writes that bring one account's Lake Formation to the plan. */
export interface LakeFormationChanges {
  environment: string;
  catalogId: string;
  register: Array<{ arn: string; roleArn?: string }>;
  createTags: Array<{ key: string; values: string[] }>;
  addTagValues: Array<{ key: string; values: string[] }>;
  grants: AwsLfPermissionHeld[];
  /** Meshport grants no longer planned (a grant ended), and IAMAllowedPrincipals on Meshport databases. */
  revokes: AwsLfPermissionHeld[];
  tagResources: Array<{
    resource: AwsLfResource;
    tags: Record<string, string>;
  }>;
  /** Other accounts' readers need version 4: set it in the data lake settings (an administrator's call). */
  crossAccountVersionMissing: boolean;
  /** Resource links to create in this account's Glue catalog (with its credentials). */
  createLinks?: ResourceLink[];
  /** Meshport's registered locations no longer planned (see `locationOwnership`). */
  deregister?: string[];
  /** Meshport's tag keys (`meshport:*`) on planned resources that no longer carry them. */
  untagResources?: Array<{
    resource: AwsLfResource;
    tags: Record<string, string>;
  }>;
  /** Values of Meshport's tag keys no planned resource of the account uses. */
  deleteTagValues?: Array<{ key: string; values: string[] }>;
  /** Meshport's tag keys no planned resource of the account uses at all. */
  deleteTags?: string[];
}

/**
 * LF-tag keys Meshport creates (`meshport:domain`, ...): Meshport's alone, so
 * their values and assignments that no longer follow from the plan are
 * removed. Other keys are never touched.
 */
export const MESHPORT_LF_TAG_PREFIX = 'meshport:';
/** The role Lake Formation registers a location with when no role is given. */
export const LF_SERVICE_LINKED_ROLE = 'AWSServiceRoleForLakeFormationDataAccess';

/** Whether a registered location is Meshport's (see `locationOwnership` in the plan). */
export function isMeshportLocation(
  arn: string,
  roleArn: string,
  { buckets, registrationRoleArn }: AwsLakeFormationEnvironment['locationOwnership'],
): boolean {
  const bucket = /^arn:[^:]+:s3:::([^/]+)\//.exec(arn)?.[1];
  if (!bucket || !buckets.includes(bucket)) return false;
  return registrationRoleArn
    ? roleArn === registrationRoleArn
    : roleArn === '' || roleArn.endsWith(`/${LF_SERVICE_LINKED_ROLE}`);
}

/**
 * The removals: Meshport's locations, tag values and tag assignments that
 * `desired` no longer plans. `account` is every environment planned in the
 * same account (with `desired`): what one of them still plans is kept.
 */
function removals(
  desired: AwsLakeFormationEnvironment,
  actual: ActualLakeFormation,
  account: AwsLakeFormationEnvironment[],
): Required<
  Pick<
    LakeFormationChanges,
    'deregister' | 'untagResources' | 'deleteTagValues' | 'deleteTags'
  >
> {
  const plannedLocations = new Set(
    account.flatMap(e => e.resources.map(r => r.arn)),
  );
  const deregister = [...(actual.registeredWith ?? [])]
    .filter(
      ([arn, role]) =>
        !plannedLocations.has(arn) &&
        isMeshportLocation(arn, role, desired.locationOwnership),
    )
    .map(([arn]) => arn)
    .sort();
  const plannedValues = new Map<string, Set<string>>();
  for (const { key, values } of account.flatMap(e => e.lfTags)) {
    const set = plannedValues.get(key) ?? new Set();
    values.forEach(v => set.add(v));
    plannedValues.set(key, set);
  }
  const deleteTagValues: Array<{ key: string; values: string[] }> = [];
  const deleteTags: string[] = [];
  for (const [key, values] of actual.lfTags) {
    if (!key.startsWith(MESHPORT_LF_TAG_PREFIX)) continue;
    const wanted = plannedValues.get(key);
    if (!wanted) {
      deleteTags.push(key);
      continue;
    }
    const stale = [...values].filter(v => !wanted.has(v)).sort();
    if (stale.length) deleteTagValues.push({ key, values: stale });
  }
  const untagResources = desired.resourceTags
    .map(({ resource, tags }) => {
      const have = actual.resourceTags.get(lfResourceKey(resource)) ?? {};
      const stale = Object.entries(have).filter(
        ([k]) => k.startsWith(MESHPORT_LF_TAG_PREFIX) && !(k in tags),
      );
      return { resource, tags: Object.fromEntries(stale) };
    })
    .filter(t => Object.keys(t.tags).length > 0);
  return {
    deregister,
    untagResources,
    deleteTagValues,
    deleteTags: deleteTags.sort(),
  };
}

const permissionKey = (p: { principal: string; resource: AwsLfResource }) =>
  `${p.principal}\n${lfResourceKey(p.resource)}`;

/** Pure: the changes from `actual` to `desired`. Empty lists when they agree. */
export function diffLakeFormation(
  desired: AwsLakeFormationEnvironment,
  actual: ActualLakeFormation,
  sameAccount: AwsLakeFormationEnvironment[] = [desired],
): LakeFormationChanges {
  const held = new Map(actual.permissions.map(p => [permissionKey(p), p]));
  const planned = new Map(desired.permissions.map(p => [permissionKey(p), p]));
  const grants: AwsLfPermissionHeld[] = [];
  for (const [key, permission] of planned) {
    const have = new Set(held.get(key)?.permissions ?? []);
    const missing = have.has('ALL')
      ? []
      : permission.permissions.filter(p => !have.has(p));
    if (missing.length) {
      grants.push({
        principal: permission.principal,
        resource: permission.resource,
        permissions: missing,
      });
    }
  }
  const revokes: AwsLfPermissionHeld[] = [];
  for (const [key, permission] of held) {
    const wanted = new Set(planned.get(key)?.permissions ?? []);
    const extra = wanted.has('ALL')
      ? []
      : permission.permissions.filter(p => !wanted.has(p));
    if (extra.length) {
      revokes.push({ ...permission, permissions: extra });
    }
  }
  const createTags: LakeFormationChanges['createTags'] = [];
  const addTagValues: LakeFormationChanges['addTagValues'] = [];
  for (const { key, values } of desired.lfTags) {
    const existing = actual.lfTags.get(key);
    if (!existing) createTags.push({ key, values });
    else {
      const missing = values.filter(v => !existing.has(v));
      if (missing.length) addTagValues.push({ key, values: missing });
    }
  }
  const tagResources = desired.resourceTags
    .map(({ resource, tags }) => {
      const have = actual.resourceTags.get(lfResourceKey(resource)) ?? {};
      const missing = Object.fromEntries(
        Object.entries(tags).filter(([k, v]) => have[k] !== v),
      );
      return { resource, tags: missing };
    })
    .filter(t => Object.keys(t.tags).length > 0);
  return {
    environment: desired.environment,
    catalogId: desired.accountId,
    register: desired.resources
      .filter(r => !actual.resources.has(r.arn))
      .map(r => ({ arn: r.arn, ...(r.roleArn ? { roleArn: r.roleArn } : {}) })),
    createTags,
    addTagValues,
    grants,
    revokes,
    tagResources,
    crossAccountVersionMissing:
      desired.crossAccountVersion !== undefined &&
      Number(actual.crossAccountVersion ?? '1') <
        Number(desired.crossAccountVersion),
    createLinks: missingLinks(desired.resourceLinks, actual.resourceLinks),
    ...removals(desired, actual, [
      desired,
      ...sameAccount.filter(e => e !== desired),
    ]),
  };
}

export function hasChanges(changes: LakeFormationChanges): boolean {
  return (
    changes.register.length +
      changes.createTags.length +
      changes.addTagValues.length +
      changes.grants.length +
      changes.revokes.length +
      changes.tagResources.length +
      (changes.createLinks?.length ?? 0) +
      (changes.deregister?.length ?? 0) +
      (changes.untagResources?.length ?? 0) +
      (changes.deleteTagValues?.length ?? 0) +
      (changes.deleteTags?.length ?? 0) >
    0
  );
}

/**
 * Pure: the grants of `roles` that Lake Formation holds in full: every
 * planned permission for that role and dataset is among `held`. A grant is
 * shown **granted** only when this says so.
 */
export function grantsHeld(
  roles: AwsRole[],
  planned: AwsLfPermission[],
  held: AwsLfPermissionHeld[],
): Array<{ role: string; dataset: string; environment: string }> {
  const have = new Map(
    held.map(p => [permissionKey(p), new Set(p.permissions)]),
  );
  const holds = (p: AwsLfPermission) => {
    const set = have.get(permissionKey(p));
    return !!set && (set.has('ALL') || p.permissions.every(x => set.has(x)));
  };
  const byPrincipal = new Map<string, AwsLfPermission[]>();
  for (const p of planned) {
    if (p.resource.table === undefined || !p.dataset) continue;
    const list = byPrincipal.get(p.principal) ?? [];
    list.push(p);
    byPrincipal.set(p.principal, list);
  }
  const result: Array<{ role: string; dataset: string; environment: string }> =
    [];
  for (const role of roles) {
    const own = byPrincipal.get(role.arn) ?? [];
    for (const { dataset, environment } of role.grantedDatasets) {
      const needed = own.filter(
        p => p.dataset === dataset && p.environment === environment,
      );
      if (needed.length && needed.every(holds)) {
        result.push({ role: role.name, dataset, environment });
      }
    }
  }
  return result;
}
