/*
 * Terraform JSON of the Lake Formation state (`aws_lakeformation_*`) and of
 * the cross-account Athena data catalogs, in the provider of the account
 * each belongs to.
 *
 * Not rendered, because their Terraform resources replace a whole document
 * that other teams also write: the data lake settings (administrators, and
 * `CROSS_ACCOUNT_VERSION = "4"` when other accounts read) and the producer
 * side bucket, Glue catalog and KMS key policies. Their Meshport statements
 * are an output, `meshport_resource_policy_statements`, to merge into the
 * documents you manage.
 */
import type { JsonObject } from '@meshport/plugin-data-products-node';
import type { AwsDesiredState, AwsLfResource } from '../model';

/** Allocates a unique Terraform name within a resource type. */
type Allocate = (type: string, value: string) => string;

function lfResourceBlock(resource: AwsLfResource): JsonObject {
  if (resource.dataLocation) {
    return {
      data_location: {
        arn: resource.dataLocation,
        catalog_id: resource.catalogId,
      },
    };
  }
  if (resource.table === undefined) {
    return {
      database: { name: resource.database!, catalog_id: resource.catalogId },
    };
  }
  return {
    table: {
      database_name: resource.database!,
      catalog_id: resource.catalogId,
      ...(resource.table === '*'
        ? { wildcard: true }
        : { name: resource.table }),
    },
  };
}

export function renderLakeFormation(
  state: AwsDesiredState,
  providerOf: (environment: string) => string,
  allocate: Allocate,
): {
  resources: Record<string, JsonObject>;
  outputs: JsonObject;
} {
  const registered: JsonObject = {};
  const permissions: JsonObject = {};
  const tags: JsonObject = {};
  const resourceTags: JsonObject = {};
  const links: JsonObject = {};
  const catalogs: JsonObject = {};
  const names = {
    registered: (v: string) => allocate('aws_lakeformation_resource', v),
    permission: (v: string) => allocate('aws_lakeformation_permissions', v),
    tag: (v: string) => allocate('aws_lakeformation_lf_tag', v),
    resourceTag: (v: string) =>
      allocate('aws_lakeformation_resource_lf_tags', v),
    link: (v: string) => allocate('aws_glue_catalog_database', v),
    catalog: (v: string) => allocate('aws_athena_data_catalog', v),
  };
  for (const lf of state.lakeFormation ?? []) {
    const provider = providerOf(lf.environment);
    for (const resource of lf.resources) {
      registered[names.registered(`${lf.environment}_${resource.arn}`)] = {
        provider,
        arn: resource.arn,
        ...(resource.roleArn
          ? { role_arn: resource.roleArn }
          : { use_service_linked_role: true }),
      };
    }
    const tagKeys: Record<string, string> = {};
    for (const tag of lf.lfTags) {
      const key = names.tag(`${lf.environment}_${tag.key}`);
      tagKeys[tag.key] = key;
      tags[key] = {
        provider,
        catalog_id: lf.accountId,
        key: tag.key,
        values: tag.values,
      };
    }
    for (const { resource, tags: values } of lf.resourceTags) {
      resourceTags[
        names.resourceTag(
          `${lf.environment}_${resource.database}_${resource.table ?? ''}`,
        )
      ] = {
        provider,
        catalog_id: lf.accountId,
        ...lfResourceBlock(resource),
        lf_tag: Object.keys(values)
          .sort()
          .map(key => ({ key, value: values[key] })),
        depends_on: Object.keys(values)
          .sort()
          .map(key => `aws_lakeformation_lf_tag.${tagKeys[key]}`),
      };
    }
    for (const link of lf.resourceLinks) {
      links[names.link(`${lf.environment}_${link.name}`)] = {
        provider,
        name: link.name,
        catalog_id: lf.accountId,
        target_database: {
          catalog_id: link.targetCatalogId,
          database_name: link.targetDatabase,
        },
      };
    }
    for (const permission of lf.permissions) {
      const { resource } = permission;
      const what =
        resource.dataLocation ?? `${resource.database}_${resource.table ?? ''}`;
      permissions[
        names.permission(`${lf.environment}_${permission.principal}_${what}`)
      ] = {
        provider,
        catalog_id: lf.accountId,
        principal: permission.principal,
        permissions: permission.permissions,
        ...lfResourceBlock(resource),
      };
    }
  }
  for (const catalog of state.dataCatalogs ?? []) {
    catalogs[names.catalog(`${catalog.environment}_${catalog.name}`)] = {
      provider: providerOf(catalog.environment),
      name: catalog.name,
      description: catalog.description,
      type: catalog.type,
      parameters: { 'catalog-id': catalog.catalogId },
      tags: { ...catalog.tags },
    };
  }
  const outputs: JsonObject = {};
  if (state.resourcePolicies?.length) {
    outputs.meshport_resource_policy_statements = {
      description:
        'Statements to merge into the named bucket, Glue catalog and KMS key policies (in the account of each)',
      value: state.resourcePolicies.map(p => ({
        account_id: p.accountId,
        kind: p.kind,
        resource: p.resource,
        statements: JSON.stringify(p.statements),
      })),
    };
  }
  return {
    resources: {
      aws_lakeformation_resource: registered,
      aws_lakeformation_lf_tag: tags,
      aws_lakeformation_resource_lf_tags: resourceTags,
      aws_glue_catalog_database: links,
      aws_lakeformation_permissions: permissions,
      aws_athena_data_catalog: catalogs,
    },
    outputs,
  };
}
