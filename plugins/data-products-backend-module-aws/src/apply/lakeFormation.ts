/*
 * Lake Formation: read what one environment's account holds, diff it against
 * the planned `AwsLakeFormationEnvironment` (pure), apply the difference.
 *
 * `LakeFormationApi` (./lakeFormationSdk.ts) is the SDK boundary; the pure
 * diff is in ./lakeFormationDiff.ts.
 *
 * - Only Meshport's grants are diffed: principals that are roles under
 *   Meshport's role path. Others' grants (a platform team's tag-based
 *   grants) are never revoked.
 * - Writes converge: registering a registered location, creating an existing
 *   LF-tag and granting what is held succeed; revoking what is gone too.
 * - Grants and revokes go in batches of 20 (BatchGrantPermissions' limit).
 */
import type { AwsLakeFormationEnvironment } from '../model';
import { lfResourceKey } from '../plan/lakeFormation';
import {
  ActualLakeFormation,
  AwsLfPermissionHeld,
  LakeFormationChanges,
  MESHPORT_LF_TAG_PREFIX,
} from './lakeFormationDiff';
import {
  fromSdkResource,
  IAM_ALLOWED_PRINCIPALS,
  LakeFormationApi,
  LF_BATCH_MAX,
  LfSdkPermissionEntry,
  toSdkResource,
} from './lakeFormationSdk';

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

const isMeshportTagKey = (key: string) =>
  key.startsWith(MESHPORT_LF_TAG_PREFIX);

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
  const registeredWith = new Map(
    (await pages(t => api.listResources({ NextToken: t })))
      .flatMap(p => p.ResourceInfoList ?? [])
      .map(r => [r.ResourceArn ?? '', r.RoleArn ?? ''] as const),
  );
  const resources = new Set(registeredWith.keys());
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
  // A resource cannot carry a tag key the account does not have yet (the
  // first run): no call needed.
  const anyMeshportKey = [...lfTags.keys()].some(isMeshportTagKey);
  for (const { resource } of desired.resourceTags) {
    if (!anyMeshportKey) {
      resourceTags.set(lfResourceKey(resource), {});
      continue;
    }
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
    registeredWith,
    permissions,
    lfTags,
    resourceTags,
    ...(version ? { crossAccountVersion: version } : {}),
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

const lfTagPairs = (catalogId: string, tags: Record<string, string>) =>
  Object.entries(tags).map(([key, value]) => ({
    CatalogId: catalogId,
    TagKey: key,
    TagValues: [value],
  }));

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
      LFTags: lfTagPairs(catalogId, tags),
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
  calls += await applyRemovals(api, changes);
  return { calls };
}

/**
 * Removes what Meshport no longer wants, after the grants that used it are
 * revoked: its tag keys from resources, stale values and keys, then its
 * registered locations. Removing what is already gone succeeds.
 */
async function applyRemovals(
  api: LakeFormationApi,
  changes: LakeFormationChanges,
): Promise<number> {
  let calls = 0;
  const { catalogId } = changes;
  const gone = async (call: () => Promise<unknown>) => {
    calls++;
    try {
      await call();
    } catch (error) {
      if (errorName(error) !== 'EntityNotFoundException') throw error;
    }
  };
  for (const { resource, tags } of changes.untagResources ?? []) {
    await gone(async () => {
      const result = await api.removeLFTagsFromResource({
        CatalogId: catalogId,
        Resource: toSdkResource(resource),
        LFTags: lfTagPairs(catalogId, tags),
      });
      failIfAny('RemoveLFTagsFromResource', result.Failures);
    });
  }
  for (const { key, values } of changes.deleteTagValues ?? []) {
    await gone(() =>
      api.updateLFTag({
        CatalogId: catalogId,
        TagKey: key,
        TagValuesToDelete: values,
      }),
    );
  }
  for (const key of changes.deleteTags ?? []) {
    await gone(() => api.deleteLFTag({ CatalogId: catalogId, TagKey: key }));
  }
  for (const arn of changes.deregister ?? []) {
    await gone(() => api.deregisterResource({ ResourceArn: arn }));
  }
  return calls;
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
