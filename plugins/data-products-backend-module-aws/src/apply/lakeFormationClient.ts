/*
 * The real `LakeFormationApi`: one `send` of `@aws-sdk/client-lakeformation`
 * per method. The client comes from the module's one factory
 * (`createAwsClients`), so it has the environment's region, endpoint,
 * credentials and account rate limit; callers take it from
 * `AwsClientCache.verified`, which checks the account first.
 */
import {
  AddLFTagsToResourceCommand,
  BatchGrantPermissionsCommand,
  BatchRevokePermissionsCommand,
  CreateLFTagCommand,
  DeleteLFTagCommand,
  DeregisterResourceCommand,
  GetDataLakeSettingsCommand,
  GetResourceLFTagsCommand,
  BatchPermissionsRequestEntry,
  LakeFormationClient,
  ListLFTagsCommand,
  ListPermissionsCommand,
  ListResourcesCommand,
  RegisterResourceCommand,
  RemoveLFTagsFromResourceCommand,
  UpdateLFTagCommand,
} from '@aws-sdk/client-lakeformation';
import type {
  LakeFormationApi,
  LfSdkPermissionEntry,
  LfSdkResource,
} from './lakeFormationSdk';

/** Our resource shape is a subset of the SDK's; the SDK's answers are read back through `fromSdkResource`. */
const sdkResource = (resource: LfSdkResource) => resource as any;

const sdkEntries = (
  entries: LfSdkPermissionEntry[],
): BatchPermissionsRequestEntry[] =>
  entries.map((entry, i) => ({
    Id: entry.Id ?? String(i),
    Principal: entry.Principal,
    Resource: sdkResource(entry.Resource),
    Permissions:
      entry.Permissions as BatchPermissionsRequestEntry['Permissions'],
  }));

export function lakeFormationApi(
  client: LakeFormationClient,
): LakeFormationApi {
  return {
    getDataLakeSettings: input =>
      client.send(new GetDataLakeSettingsCommand(input)),
    listResources: input => client.send(new ListResourcesCommand(input)),
    registerResource: input => client.send(new RegisterResourceCommand(input)),
    listPermissions: async input =>
      (await client.send(new ListPermissionsCommand(input))) as any,
    batchGrantPermissions: input =>
      client.send(
        new BatchGrantPermissionsCommand({
          CatalogId: input.CatalogId,
          Entries: sdkEntries(input.Entries),
        }),
      ),
    batchRevokePermissions: input =>
      client.send(
        new BatchRevokePermissionsCommand({
          CatalogId: input.CatalogId,
          Entries: sdkEntries(input.Entries),
        }),
      ),
    listLFTags: input => client.send(new ListLFTagsCommand(input)),
    createLFTag: input => client.send(new CreateLFTagCommand(input)),
    updateLFTag: input => client.send(new UpdateLFTagCommand(input)),
    getResourceLFTags: input =>
      client.send(
        new GetResourceLFTagsCommand({
          CatalogId: input.CatalogId,
          Resource: sdkResource(input.Resource),
        }),
      ),
    addLFTagsToResource: input =>
      client.send(
        new AddLFTagsToResourceCommand({
          CatalogId: input.CatalogId,
          Resource: sdkResource(input.Resource),
          LFTags: input.LFTags,
        }),
      ),
    removeLFTagsFromResource: input =>
      client.send(
        new RemoveLFTagsFromResourceCommand({
          CatalogId: input.CatalogId,
          Resource: sdkResource(input.Resource),
          LFTags: input.LFTags,
        }),
      ),
    deleteLFTag: input => client.send(new DeleteLFTagCommand(input)),
    deregisterResource: input =>
      client.send(new DeregisterResourceCommand(input)),
  };
}
