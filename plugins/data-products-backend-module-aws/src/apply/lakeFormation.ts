/*
 * Lake Formation: read what one environment's account holds, diff it against
 * the planned `AwsLakeFormationEnvironment` (pure), apply the difference.
 *
 * `LakeFormationApi` is the SDK boundary: its methods take and return the
 * shapes of the `@aws-sdk/client-lakeformation` commands of the same names
 * (the subset Meshport calls), so an adapter around `LakeFormationClient` is
 * one `send` per method.
 *
 * - Only Meshport's grants are diffed: principals that are roles under
 *   Meshport's role path. Others' grants (a platform team's tag-based
 *   grants) are never revoked.
 * - Writes converge: registering a registered location, creating an existing
 *   LF-tag and granting what is held succeed; revoking what is gone too.
 * - Grants and revokes go in batches of 20 (BatchGrantPermissions' limit).
 */
import type {
  AwsLakeFormationEnvironment,
  AwsLfPermission,
  AwsLfResource,
  AwsRole,
} from '../model';
import { lfResourceKey } from '../plan/lakeFormation';

/** The SDK's `Resource` union (the members Meshport uses). */
export interface LfSdkResource {
  Database?: { CatalogId?: string; Name: string };
  Table?: {
    CatalogId?: string;
    DatabaseName: string;
    Name?: string;
    TableWildcard?: Record<string, never>;
  };
  DataLocation?: { CatalogId?: string; ResourceArn: string };
}

export interface LfSdkPermissionEntry {
  Id?: string;
  Principal: { DataLakePrincipalIdentifier: string };
  Resource: LfSdkResource;
  Permissions: string[];
}

export interface LakeFormationApi {
  getDataLakeSettings(input: { CatalogId: string }): Promise<{
    DataLakeSettings?: {
      CreateDatabaseDefaultPermissions?: Array<{
        Principal?: { DataLakePrincipalIdentifier?: string };
        Permissions?: string[];
      }>;
      Parameters?: Record<string, string>;
    };
  }>;
  listResources(input: { NextToken?: string }): Promise<{
    ResourceInfoList?: Array<{ ResourceArn?: string; RoleArn?: string }>;
    NextToken?: string;
  }>;
  registerResource(input: {
    ResourceArn: string;
    RoleArn?: string;
    UseServiceLinkedRole?: boolean;
  }): Promise<unknown>;
  listPermissions(input: { CatalogId: string; NextToken?: string }): Promise<{
    PrincipalResourcePermissions?: Array<{
      Principal?: { DataLakePrincipalIdentifier?: string };
      Resource?: LfSdkResource;
      Permissions?: string[];
    }>;
    NextToken?: string;
  }>;
  batchGrantPermissions(input: {
    CatalogId: string;
    Entries: LfSdkPermissionEntry[];
  }): Promise<{ Failures?: Array<{ Error?: { ErrorMessage?: string } }> }>;
  batchRevokePermissions(input: {
    CatalogId: string;
    Entries: LfSdkPermissionEntry[];
  }): Promise<{ Failures?: Array<{ Error?: { ErrorMessage?: string } }> }>;
  listLFTags(input: { CatalogId: string; NextToken?: string }): Promise<{
    LFTags?: Array<{ TagKey?: string; TagValues?: string[] }>;
    NextToken?: string;
  }>;
  createLFTag(input: {
    CatalogId: string;
    TagKey: string;
    TagValues: string[];
  }): Promise<unknown>;
  updateLFTag(input: {
    CatalogId: string;
    TagKey: string;
    TagValuesToAdd: string[];
  }): Promise<unknown>;
  getResourceLFTags(input: {
    CatalogId: string;
    Resource: LfSdkResource;
  }): Promise<{
    LFTagOnDatabase?: Array<{ TagKey?: string; TagValues?: string[] }>;
    LFTagsOnTable?: Array<{ TagKey?: string; TagValues?: string[] }>;
  }>;
  addLFTagsToResource(input: {
    CatalogId: string;
    Resource: LfSdkResource;
    LFTags: Array<{ CatalogId?: string; TagKey: string; TagValues: string[] }>;
  }): Promise<{ Failures?: Array<{ Error?: { ErrorMessage?: string } }> }>;
}

/** The principal of `IAMAllowedPrincipals` grants (IAM decides alone: hybrid access mode). */
export const IAM_ALLOWED_PRINCIPALS = 'IAM_ALLOWED_PRINCIPALS';
/** BatchGrantPermissions / BatchRevokePermissions take at most 20 entries. */
export const LF_BATCH_MAX = 20;

/** What Lake Formation holds in one account, as far as Meshport is concerned. */
export interface ActualLakeFormation {
  /** Registered location ARNs. */
  resources: Set<string>;
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

export function toSdkResource(resource: AwsLfResource): LfSdkResource {
  if (resource.dataLocation) {
    return {
      DataLocation: {
        CatalogId: resource.catalogId,
        ResourceArn: resource.dataLocation,
      },
    };
  }
  if (resource.table === undefined) {
    return {
      Database: { CatalogId: resource.catalogId, Name: resource.database! },
    };
  }
  return {
    Table: {
      CatalogId: resource.catalogId,
      DatabaseName: resource.database!,
      ...(resource.table === '*'
        ? { TableWildcard: {} }
        : { Name: resource.table }),
    },
  };
}

export function fromSdkResource(
  resource: LfSdkResource,
  catalogId: string,
): AwsLfResource | undefined {
  if (resource.DataLocation) {
    return {
      catalogId: resource.DataLocation.CatalogId ?? catalogId,
      dataLocation: resource.DataLocation.ResourceArn,
    };
  }
  if (resource.Table) {
    return {
      catalogId: resource.Table.CatalogId ?? catalogId,
      database: resource.Table.DatabaseName,
      table: resource.Table.TableWildcard ? '*' : resource.Table.Name,
    };
  }
  if (resource.Database) {
    return {
      catalogId: resource.Database.CatalogId ?? catalogId,
      database: resource.Database.Name,
    };
  }
  return undefined;
}

async function pages<T extends { NextToken?: string }>(
  call: (token?: string) => Promise<T>,
): Promise<T[]> {
  const result: T[] = [];
  let token: string | undefined;
  do {
    const page = await call(token);
    result.push(page);
    token = page.NextToken;
  } while (token);
  return result;
}

/** Reads what Lake Formation holds for one planned environment (`rolePath`: Meshport's IAM path). */
export async function readLakeFormation(
  api: LakeFormationApi,
  desired: AwsLakeFormationEnvironment,
  rolePath: string,
): Promise<ActualLakeFormation> {
  const catalogId = desired.accountId;
  const isMeshport = (principal: string) =>
    principal.includes(`:role${rolePath}`);
  const managedDatabases = new Set(
    desired.databasesWithoutIamAllowedPrincipals,
  );
  const resources = new Set(
    (await pages(t => api.listResources({ NextToken: t })))
      .flatMap(p => p.ResourceInfoList ?? [])
      .map(r => r.ResourceArn ?? ''),
  );
  const permissions: AwsLfPermissionHeld[] = [];
  for (const page of await pages(t =>
    api.listPermissions({ CatalogId: catalogId, NextToken: t }),
  )) {
    for (const entry of page.PrincipalResourcePermissions ?? []) {
      const principal = entry.Principal?.DataLakePrincipalIdentifier ?? '';
      const resource =
        entry.Resource && fromSdkResource(entry.Resource, catalogId);
      if (!resource) continue;
      const onManagedDatabase =
        principal === IAM_ALLOWED_PRINCIPALS &&
        resource.database !== undefined &&
        managedDatabases.has(resource.database);
      if (!isMeshport(principal) && !onManagedDatabase) continue;
      permissions.push({
        principal,
        resource,
        permissions: [...(entry.Permissions ?? [])].sort(),
      });
    }
  }
  const lfTags = new Map<string, Set<string>>();
  for (const page of await pages(t =>
    api.listLFTags({ CatalogId: catalogId, NextToken: t }),
  )) {
    for (const tag of page.LFTags ?? []) {
      lfTags.set(tag.TagKey ?? '', new Set(tag.TagValues ?? []));
    }
  }
  const resourceTags = new Map<string, Record<string, string>>();
  for (const { resource } of desired.resourceTags) {
    const found = await api.getResourceLFTags({
      CatalogId: catalogId,
      Resource: toSdkResource(resource),
    });
    const tags: Record<string, string> = {};
    const list =
      resource.table === undefined
        ? found.LFTagOnDatabase
        : found.LFTagsOnTable;
    for (const tag of list ?? []) {
      if (tag.TagKey && tag.TagValues?.length)
        tags[tag.TagKey] = tag.TagValues[0];
    }
    resourceTags.set(lfResourceKey(resource), tags);
  }
  const settings = await api.getDataLakeSettings({ CatalogId: catalogId });
  const version = settings.DataLakeSettings?.Parameters?.CROSS_ACCOUNT_VERSION;
  return {
    resources,
    permissions,
    lfTags,
    resourceTags,
    ...(version ? { crossAccountVersion: version } : {}),
  };
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
}

const permissionKey = (p: { principal: string; resource: AwsLfResource }) =>
  `${p.principal}\n${lfResourceKey(p.resource)}`;

/** Pure: the changes from `actual` to `desired`. Empty lists when they agree. */
export function diffLakeFormation(
  desired: AwsLakeFormationEnvironment,
  actual: ActualLakeFormation,
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
  };
}

export function hasChanges(changes: LakeFormationChanges): boolean {
  return (
    changes.register.length +
      changes.createTags.length +
      changes.addTagValues.length +
      changes.grants.length +
      changes.revokes.length +
      changes.tagResources.length >
    0
  );
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

const errorName = (error: unknown) =>
  (error as { name?: string } | undefined)?.name ?? '';

/**
 * Applies the changes in dependency order: locations, tags, tag values on
 * resources, grants, then revokes. Throws the first failure with a sentence
 * naming the call; what is already done stays done (the next run converges).
 */
export async function applyLakeFormation(
  api: LakeFormationApi,
  changes: LakeFormationChanges,
): Promise<{ calls: number }> {
  let calls = 0;
  const { catalogId } = changes;
  for (const { arn, roleArn } of changes.register) {
    calls++;
    try {
      await api.registerResource({
        ResourceArn: arn,
        ...(roleArn ? { RoleArn: roleArn } : { UseServiceLinkedRole: true }),
      });
    } catch (error) {
      if (errorName(error) !== 'AlreadyExistsException') throw error;
    }
  }
  for (const { key, values } of changes.createTags) {
    calls++;
    try {
      await api.createLFTag({
        CatalogId: catalogId,
        TagKey: key,
        TagValues: values,
      });
    } catch (error) {
      if (errorName(error) !== 'AlreadyExistsException') throw error;
      calls++;
      await api.updateLFTag({
        CatalogId: catalogId,
        TagKey: key,
        TagValuesToAdd: values,
      });
    }
  }
  for (const { key, values } of changes.addTagValues) {
    calls++;
    await api.updateLFTag({
      CatalogId: catalogId,
      TagKey: key,
      TagValuesToAdd: values,
    });
  }
  for (const { resource, tags } of changes.tagResources) {
    calls++;
    const result = await api.addLFTagsToResource({
      CatalogId: catalogId,
      Resource: toSdkResource(resource),
      LFTags: Object.entries(tags).map(([key, value]) => ({
        CatalogId: catalogId,
        TagKey: key,
        TagValues: [value],
      })),
    });
    failIfAny('AddLFTagsToResource', result.Failures);
  }
  const entries = (list: AwsLfPermissionHeld[]) =>
    list.map(
      (p, i): LfSdkPermissionEntry => ({
        Id: String(i),
        Principal: { DataLakePrincipalIdentifier: p.principal },
        Resource: toSdkResource(p.resource),
        Permissions: p.permissions,
      }),
    );
  for (const batch of chunks(entries(changes.grants), LF_BATCH_MAX)) {
    calls++;
    const result = await api.batchGrantPermissions({
      CatalogId: catalogId,
      Entries: batch,
    });
    failIfAny('BatchGrantPermissions', result.Failures);
  }
  for (const batch of chunks(entries(changes.revokes), LF_BATCH_MAX)) {
    calls++;
    const result = await api.batchRevokePermissions({
      CatalogId: catalogId,
      Entries: batch,
    });
    failIfAny('BatchRevokePermissions', result.Failures);
  }
  return { calls };
}

function failIfAny(
  call: string,
  failures: Array<{ Error?: { ErrorMessage?: string } }> | undefined,
) {
  if (failures?.length) {
    throw new Error(
      `Lake Formation ${call} failed for ${failures.length} entries: ${failures
        .map(f => f.Error?.ErrorMessage ?? 'unknown error')
        .join('; ')}`,
    );
  }
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
