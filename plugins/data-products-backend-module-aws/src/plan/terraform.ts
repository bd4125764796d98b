/*
 * Renders the desired AWS state as Terraform JSON (`meshport.tf.json`), for
 * teams that apply infrastructure through Terraform instead of the reconciler.
 *
 * One `aws` provider alias per environment (its region, and
 * `allowed_account_ids` so a wrong credential can never touch another
 * account); add credentials (profile / assume_role) in a `*.tf` file next to
 * it. S3 prefixes get an empty marker object (`<prefix>`, tagged) so the
 * ownership is visible in the bucket; the prefixes need no resource to work.
 * Roles whose policies exceed IAM quotas are rendered without policies.
 */
import type { JsonObject } from '@meshport/plugin-data-products-node';
import type { AwsDesiredState, AwsTags } from '../model';
import { renderLakeFormation } from './terraformLakeFormation';

/** Terraform resource names: a letter or underscore, then `[A-Za-z0-9_-]`. */
export function terraformName(value: string): string {
  const name = value.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/** Allocates unique Terraform names within one resource type. */
class NameAllocator {
  private readonly used = new Set<string>();

  allocate(value: string): string {
    const base = terraformName(value);
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}

const tagsOf = (tags: AwsTags): JsonObject => ({ ...tags });

export function renderTerraform(state: AwsDesiredState): JsonObject {
  const providerOf = (environment: string) =>
    `aws.${terraformName(environment)}`;
  const roles: JsonObject = {};
  const policies: JsonObject = {};
  const attachments: JsonObject = {};
  const inlinePolicies: JsonObject = {};
  const databases: JsonObject = {};
  const workgroups: JsonObject = {};
  const objects: JsonObject = {};
  const names = {
    role: new NameAllocator(),
    policy: new NameAllocator(),
    attachment: new NameAllocator(),
    inline: new NameAllocator(),
    database: new NameAllocator(),
    workgroup: new NameAllocator(),
    object: new NameAllocator(),
  };

  for (const role of state.roles) {
    const provider = providerOf(role.environment);
    const roleKey = names.role.allocate(`${role.environment}_${role.name}`);
    roles[roleKey] = {
      provider,
      name: role.name,
      path: role.path,
      description: role.purpose,
      assume_role_policy: JSON.stringify(role.trustPolicy),
      max_session_duration: role.maxSessionDuration,
      ...(role.permissionsBoundaryArn
        ? { permissions_boundary: role.permissionsBoundaryArn }
        : {}),
      tags: tagsOf(role.tags),
    };
    for (const policy of role.managedPolicies) {
      const policyKey = names.policy.allocate(
        `${role.environment}_${policy.name}`,
      );
      policies[policyKey] = {
        provider,
        name: policy.name,
        path: policy.path,
        description: `Permissions of ${role.name} (Meshport)`,
        policy: JSON.stringify(policy.document),
        tags: tagsOf(policy.tags),
      };
      attachments[
        names.attachment.allocate(`${role.environment}_${policy.name}`)
      ] = {
        provider,
        role: `\${aws_iam_role.${roleKey}.name}`,
        policy_arn: `\${aws_iam_policy.${policyKey}.arn}`,
      };
    }
    for (const policy of role.inlinePolicies) {
      inlinePolicies[
        names.inline.allocate(`${role.environment}_${policy.name}`)
      ] = {
        provider,
        name: policy.name,
        role: `\${aws_iam_role.${roleKey}.id}`,
        policy: JSON.stringify(policy.document),
      };
    }
  }

  for (const database of state.glueDatabases) {
    databases[
      names.database.allocate(`${database.environment}_${database.name}`)
    ] = {
      provider: providerOf(database.environment),
      name: database.name,
      catalog_id: database.catalogId,
      description: database.description,
      tags: tagsOf(database.tags),
    };
  }

  for (const workgroup of state.workgroups) {
    workgroups[
      names.workgroup.allocate(`${workgroup.environment}_${workgroup.name}`)
    ] = {
      provider: providerOf(workgroup.environment),
      name: workgroup.name,
      description: workgroup.description,
      state: 'ENABLED',
      force_destroy: false,
      configuration: {
        enforce_workgroup_configuration:
          workgroup.enforceWorkGroupConfiguration,
        publish_cloudwatch_metrics_enabled:
          workgroup.publishCloudWatchMetricsEnabled,
        bytes_scanned_cutoff_per_query: workgroup.bytesScannedCutoffPerQuery,
        result_configuration: { output_location: workgroup.outputLocation },
      },
      tags: tagsOf(workgroup.tags),
    };
  }

  for (const bucket of state.buckets) {
    for (const prefix of bucket.prefixes) {
      objects[
        names.object.allocate(
          `${bucket.environment}_${bucket.bucket}_${prefix.prefix}`,
        )
      ] = {
        provider: providerOf(bucket.environment),
        bucket: bucket.bucket,
        key: prefix.prefix,
        content: '',
        tags: {
          'meshport:managed': 'true',
          'meshport:data-product': prefix.dataProduct,
          ...(prefix.dataset ? { 'meshport:dataset': prefix.dataset } : {}),
        },
      };
    }
  }

  const more = new Map<string, NameAllocator>([
    ['aws_glue_catalog_database', names.database],
  ]);
  const lakeFormation = renderLakeFormation(state, providerOf, (type, v) => {
    if (!more.has(type)) more.set(type, new NameAllocator());
    return more.get(type)!.allocate(v);
  });
  Object.assign(databases, lakeFormation.resources.aws_glue_catalog_database);

  const resource: JsonObject = {};
  const add = (type: string, entries: JsonObject) => {
    if (Object.keys(entries).length) resource[type] = entries;
  };
  add('aws_iam_role', roles);
  add('aws_iam_policy', policies);
  add('aws_iam_role_policy_attachment', attachments);
  add('aws_iam_role_policy', inlinePolicies);
  add('aws_glue_catalog_database', databases);
  add('aws_athena_workgroup', workgroups);
  add('aws_s3_object', objects);
  for (const [type, entries] of Object.entries(lakeFormation.resources)) {
    if (type !== 'aws_glue_catalog_database') add(type, entries);
  }

  return {
    '//': 'Generated by Meshport from the data product catalog and its grants. Do not edit by hand.',
    terraform: {
      required_providers: {
        aws: { source: 'hashicorp/aws', version: '>= 5.0' },
      },
    },
    provider: {
      aws: state.environments.map(environment => ({
        alias: terraformName(environment.name),
        region: environment.region,
        allowed_account_ids: [environment.accountId],
      })),
    },
    ...(Object.keys(resource).length ? { resource } : {}),
    ...(Object.keys(lakeFormation.outputs).length
      ? { output: lakeFormation.outputs }
      : {}),
  };
}
