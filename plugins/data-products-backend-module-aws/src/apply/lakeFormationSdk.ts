/*
 * Lake Formation's SDK boundary: `LakeFormationApi` takes and returns the
 * shapes of the `@aws-sdk/client-lakeformation` commands of the same names
 * (the subset Meshport calls), so an adapter around `LakeFormationClient`
 * (./lakeFormationClient.ts) is one `send` per method, and a stateful fake
 * (../testing/FakeLakeFormation.ts) can stand in for it. Plus the conversion
 * between the SDK's resources and the plan's.
 */
import type { AwsLfResource } from '../model';

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
    TagValuesToAdd?: string[];
    TagValuesToDelete?: string[];
  }): Promise<unknown>;
  deleteLFTag(input: { CatalogId: string; TagKey: string }): Promise<unknown>;
  deregisterResource(input: { ResourceArn: string }): Promise<unknown>;
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
  removeLFTagsFromResource(input: {
    CatalogId: string;
    Resource: LfSdkResource;
    LFTags: Array<{ CatalogId?: string; TagKey: string; TagValues: string[] }>;
  }): Promise<{ Failures?: Array<{ Error?: { ErrorMessage?: string } }> }>;
}

/** The principal of `IAMAllowedPrincipals` grants (IAM decides alone: hybrid access mode). */
export const IAM_ALLOWED_PRINCIPALS = 'IAM_ALLOWED_PRINCIPALS';
/** BatchGrantPermissions / BatchRevokePermissions take at most 20 entries. */
export const LF_BATCH_MAX = 20;

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
