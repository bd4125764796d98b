/*
 * Pure: the Lake Formation state of the environments in `lake-formation`
 * mode (`meshport.environments[].aws.accessControl`).
 *
 * - Every S3 prefix of a Meshport dataset is a registered data location
 *   (with the environment's `lakeFormation.registrationRoleArn`, or Lake
 *   Formation's service-linked role).
 * - A role reading a dataset (its own outputs, or a grant) gets `DESCRIBE` on
 *   the dataset's databases and `DESCRIBE` + `SELECT` on its tables (`*` for a
 *   whole-database output). The service role writes its own tables (`ALTER`,
 *   `DELETE`, `INSERT`), the owner role gets `ALL` on its own databases and
 *   their tables; both may create tables on their own locations
 *   (`DATA_LOCATION_ACCESS`).
 * - A role of another account gets the grant directly (cross-account version
 *   4 shares through RAM), and a resource link in its own account's catalog,
 *   `<producer environment>_<database>`.
 * - LF-tags `meshport:domain`, `meshport:classification` and
 *   `meshport:access` (lowercase) on Meshport's databases and tables, so
 *   platform teams can add their own tag-based grants.
 */
import type {
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import { CLASSIFICATIONS } from '@meshport/plugin-data-products-common';
import type { ProvisioningInput } from '@meshport/plugin-data-products-node';
import type { AwsProvisionerConfig } from '../config';
import { accessControlOf, accountOfArn } from '../environmentConfig';
import {
  AwsGlueDatabase,
  AwsLakeFormationEnvironment,
  AwsLfResource,
  AwsPlanProblem,
  AwsRole,
  LF_TAG_ACCESS,
  LF_TAG_CLASSIFICATION,
  LF_TAG_DOMAIN,
} from '../model';
import { formatCount } from './policyLimits';
import { EnvironmentArns, refOf } from './names';
import {
  KeyedLfResource,
  LfPermissionSet,
  LfResources,
  lfResourceKey,
} from './lfPermissions';

/** One dataset as produced in one environment, after the planner's conflict checks. */
export interface DatasetInstance {
  environment: MeshportEnvironment;
  dataset: string;
  dataProduct: string;
  access: string;
  s3: Array<{ bucket: string; prefix: string }>;
  glue: Array<{ database: string; table?: string }>;
  /** Databases the producing product owns in the environment. */
  ownedDatabases: string[];
}

/** Lake Formation quotas (not adjustable). */
export const LF_MAX_TAGS_PER_RESOURCE = 50;
export const LF_MAX_VALUES_PER_TAG = 1000;
/** Lake Formation's pattern of tag values (at most 256 characters). */
const LF_TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@%]{1,256}$/u;

export const LF_DATABASE_READ = ['DESCRIBE'];
export const LF_TABLE_READ = ['DESCRIBE', 'SELECT'];
export const LF_TABLE_WRITE = [
  'ALTER',
  'DELETE',
  'DESCRIBE',
  'INSERT',
  'SELECT',
];
export const LF_ALL = ['ALL'];
export const LF_DATA_LOCATION = ['DATA_LOCATION_ACCESS'];

export interface PlanLakeFormationArgs {
  input: ProvisioningInput;
  config: AwsProvisionerConfig;
  instances: DatasetInstance[];
  roles: AwsRole[];
  /** Databases Meshport manages (one owning product each). */
  glueDatabases: AwsGlueDatabase[];
  problems: AwsPlanProblem[];
}

/** `arn:aws:s3:::bucket/prefix` of a data location (no trailing `/`). */
export function dataLocationArn(
  environment: MeshportEnvironment,
  bucket: string,
  prefix: string,
): string {
  return `${new EnvironmentArns(environment).bucket(bucket)}/${prefix.replace(
    /\/+$/,
    '',
  )}`;
}

/** The resource link in a reader's catalog for another account's database. */
export function resourceLinkName(
  sourceEnvironment: string,
  database: string,
): string {
  return `${sourceEnvironment}_${database}`
    .toLocaleLowerCase('en-US')
    .slice(0, 255);
}

export { lfResourceKey };

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** `<environment>\n<product ref>` -> the product's dataset instances there. */
export function instancesByProduct(
  instances: DatasetInstance[],
): Map<string, DatasetInstance[]> {
  const result = new Map<string, DatasetInstance[]>();
  for (const instance of instances) {
    const key = `${instance.environment.name}\n${instance.dataProduct}`;
    const list = result.get(key) ?? [];
    list.push(instance);
    result.set(key, list);
  }
  return result;
}

/** The most sensitive column classification of a dataset; `internal` without any. */
export function datasetClassification(entity: DatasetEntity): string {
  let rank = -1;
  for (const column of entity.spec.schema?.columns ?? []) {
    if (column.classification) {
      rank = Math.max(rank, CLASSIFICATIONS.indexOf(column.classification));
    }
  }
  return rank < 0 ? 'internal' : CLASSIFICATIONS[rank];
}

export function planLakeFormation(
  args: PlanLakeFormationArgs,
): AwsLakeFormationEnvironment[] {
  const { input, config, instances, roles, glueDatabases, problems } = args;
  const isLf = (name: string) =>
    accessControlOf(config, name) === 'lake-formation';
  const lfEnvironments = input.environments.filter(e => isLf(e.name));
  if (!lfEnvironments.length) return [];
  const envByName = new Map(input.environments.map(e => [e.name, e]));
  const result = new Map<string, AwsLakeFormationEnvironment>();
  for (const environment of lfEnvironments) {
    const registrationRoleArn =
      config.environments?.[environment.name]?.registrationRoleArn;
    const resources = instances
      .filter(i => i.environment.name === environment.name)
      .flatMap(i =>
        i.s3.map(({ bucket, prefix }) => ({
          arn: dataLocationArn(environment, bucket, prefix),
          ...(registrationRoleArn ? { roleArn: registrationRoleArn } : {}),
          dataProduct: i.dataProduct,
          dataset: i.dataset,
        })),
      )
      .sort((a, b) => compare(a.arn, b.arn));
    result.set(environment.name, {
      environment: environment.name,
      accountId: environment.accountId,
      region: environment.region,
      locationOwnership: {
        buckets: [
          ...new Set(Object.values(environment.buckets).map(b => b.name)),
        ].sort(),
        ...(registrationRoleArn ? { registrationRoleArn } : {}),
      },
      resources,
      permissions: [],
      lfTags: [],
      resourceTags: [],
      databasesWithoutIamAllowedPrincipals: glueDatabases
        .filter(d => d.environment === environment.name)
        .map(d => d.name)
        .sort(),
      resourceLinks: [],
    });
  }

  const permissions = new LfPermissionSet();
  const resources = new LfResources();
  const grant = (
    environment: MeshportEnvironment,
    principal: string,
    resource: KeyedLfResource,
    actions: string[],
    dataProduct: string,
    dataset?: string,
  ) =>
    permissions.add(
      environment.name,
      principal,
      resource,
      actions,
      dataProduct,
      dataset,
    );
  const linkNames = new Map<string, Map<string, string>>();
  const linkNameOf = (environment: string, database: string) => {
    let names = linkNames.get(environment);
    if (!names) {
      names = new Map();
      linkNames.set(environment, names);
    }
    let name = names.get(database);
    if (name === undefined) {
      name = resourceLinkName(environment, database);
      names.set(database, name);
    }
    return name;
  };

  const instanceOf = new Map(
    instances.map(i => [`${i.environment.name}\n${i.dataset}`, i]),
  );
  const byProduct = instancesByProduct(instances);
  const links = new Map<
    string,
    AwsLakeFormationEnvironment['resourceLinks'][number]
  >();
  const warned = new Set<string>();
  for (const role of roles) {
    const roleEnvironment = envByName.get(role.environment)!;
    const reads = [
      ...[role.environment, ...roleEnvironment.readsFrom].flatMap(
        name => byProduct.get(`${name}\n${role.dataProduct}`) ?? [],
      ),
      ...role.grantedDatasets
        .map(g => instanceOf.get(`${g.environment}\n${g.dataset}`))
        .filter((i): i is DatasetInstance => !!i),
    ];
    for (const instance of reads) {
      const holder = instance.environment;
      if (!isLf(holder.name)) continue;
      if (!instance.glue.length) {
        const key = `${holder.name}\n${instance.dataset}`;
        if (instance.s3.length && !warned.has(key)) {
          warned.add(key);
          problems.push({
            severity: 'warning',
            dataProduct: instance.dataProduct,
            environment: holder.name,
            message: `Dataset ${instance.dataset} has no Glue output in ${holder.name}, which grants through Lake Formation: only its producer's service and owner roles read its S3 objects; add a Glue table to share it`,
          });
        }
        continue;
      }
      for (const { database, table } of instance.glue) {
        const catalogId = holder.accountId;
        grant(
          holder,
          role.arn,
          resources.database(catalogId, database),
          LF_DATABASE_READ,
          role.dataProduct,
          instance.dataset,
        );
        grant(
          holder,
          role.arn,
          resources.table(catalogId, database, table ?? '*'),
          LF_TABLE_READ,
          role.dataProduct,
          instance.dataset,
        );
        if (holder.accountId === roleEnvironment.accountId) continue;
        const name = linkNameOf(holder.name, database);
        links.set(`${role.environment}\n${name}`, {
          name,
          targetCatalogId: catalogId,
          targetDatabase: database,
          sourceEnvironment: holder.name,
        });
        if (isLf(role.environment)) {
          grant(
            roleEnvironment,
            role.arn,
            resources.database(roleEnvironment.accountId, name),
            LF_DATABASE_READ,
            role.dataProduct,
            instance.dataset,
          );
        }
      }
    }

    // Writes of the product's own outputs, in its own environment.
    if (role.kind === 'consumer' || !isLf(role.environment)) continue;
    const own = byProduct.get(`${role.environment}\n${role.dataProduct}`) ?? [];
    const catalogId = roleEnvironment.accountId;
    for (const instance of own) {
      for (const { database, table } of instance.glue) {
        const owned = instance.ownedDatabases.includes(database);
        if (role.kind === 'owner' && owned) {
          grant(
            roleEnvironment,
            role.arn,
            resources.database(catalogId, database),
            LF_ALL,
            role.dataProduct,
          );
          grant(
            roleEnvironment,
            role.arn,
            resources.table(catalogId, database, '*'),
            LF_ALL,
            role.dataProduct,
          );
        } else {
          grant(
            roleEnvironment,
            role.arn,
            resources.table(catalogId, database, table ?? '*'),
            LF_TABLE_WRITE,
            role.dataProduct,
            instance.dataset,
          );
        }
      }
      for (const { bucket, prefix } of instance.s3) {
        grant(
          roleEnvironment,
          role.arn,
          resources.location(
            catalogId,
            dataLocationArn(roleEnvironment, bucket, prefix),
          ),
          LF_DATA_LOCATION,
          role.dataProduct,
          instance.dataset,
        );
      }
    }
  }

  for (const [key, link] of links) {
    const reader = result.get(key.split('\n')[0]);
    if (reader) reader.resourceLinks.push(link);
    else {
      problems.push({
        severity: 'warning',
        environment: key.split('\n')[0],
        message: `Environment ${key.split('\n')[0]} reads ${
          link.sourceEnvironment
        }'s Glue database ${
          link.targetDatabase
        } through Lake Formation but is in IAM mode: create the resource link ${
          link.name
        } in its catalog or switch it to lake-formation`,
      });
    }
  }
  for (const lf of result.values()) {
    lf.permissions = permissions.of(lf.environment);
    lf.resourceLinks.sort((a, b) => compare(a.name, b.name));
    if (lf.permissions.some(p => accountOfArn(p.principal) !== lf.accountId)) {
      lf.crossAccountVersion = '4';
    }
  }

  planTags(args, result, envByName);
  return lfEnvironments.map(e => result.get(e.name)!);
}

/** LF-tags on Meshport's databases and tables, with LF's limits checked. */
function planTags(
  { input, instances, glueDatabases, problems }: PlanLakeFormationArgs,
  result: Map<string, AwsLakeFormationEnvironment>,
  envByName: Map<string, MeshportEnvironment>,
): void {
  const domains = new Map(input.products.map(p => [refOf(p), p.spec.domain]));
  const classifications = new Map(
    input.datasets.map(d => [refOf(d), datasetClassification(d)]),
  );
  for (const lf of result.values()) {
    const environment = envByName.get(lf.environment)!;
    const tagged = new Map<
      string,
      { resource: AwsLfResource; tags: Record<string, string> }
    >();
    const values = new Map<string, Set<string>>();
    const tag = (
      resource: AwsLfResource,
      tags: Record<string, string | undefined>,
      dataProduct: string,
    ) => {
      const key = lfResourceKey(resource);
      const entry = tagged.get(key) ?? { resource, tags: {} };
      for (const [tagKey, raw] of Object.entries(tags)) {
        if (raw === undefined) continue;
        const value = raw.toLocaleLowerCase('en-US');
        if (!LF_TAG_VALUE.test(value)) {
          problems.push({
            severity: 'error',
            dataProduct,
            environment: lf.environment,
            message: `LF-tag ${tagKey} of ${key} would be '${value}', which Lake Formation rejects (1 to 256 letters, digits, spaces or _ . : / = + - @ %); the tag is not set`,
          });
          continue;
        }
        entry.tags[tagKey] = value;
        const set = values.get(tagKey) ?? new Set();
        set.add(value);
        values.set(tagKey, set);
      }
      tagged.set(key, entry);
    };
    for (const database of glueDatabases) {
      if (database.environment !== lf.environment) continue;
      tag(
        { catalogId: environment.accountId, database: database.name },
        { [LF_TAG_DOMAIN]: domains.get(database.dataProduct) },
        database.dataProduct,
      );
    }
    for (const instance of instances) {
      if (instance.environment.name !== lf.environment) continue;
      for (const { database, table } of instance.glue) {
        tag(
          table === undefined
            ? { catalogId: environment.accountId, database }
            : { catalogId: environment.accountId, database, table },
          {
            [LF_TAG_DOMAIN]: domains.get(instance.dataProduct),
            [LF_TAG_CLASSIFICATION]: classifications.get(instance.dataset),
            [LF_TAG_ACCESS]: instance.access,
          },
          instance.dataProduct,
        );
      }
    }
    for (const { resource, tags } of tagged.values()) {
      const count = Object.keys(tags).length;
      if (count > LF_MAX_TAGS_PER_RESOURCE) {
        problems.push({
          severity: 'error',
          environment: lf.environment,
          message: `${lfResourceKey(
            resource,
          )} would carry ${count} LF-tags, more than Lake Formation's ${LF_MAX_TAGS_PER_RESOURCE}`,
        });
      }
    }
    lf.resourceTags = [...tagged]
      .filter(([, t]) => Object.keys(t.tags).length)
      .sort(([a], [b]) => compare(a, b))
      .map(([, t]) => t);
    lf.lfTags = [...values]
      .map(([key, set]) => ({ key, values: [...set].sort() }))
      .sort((a, b) => compare(a.key, b.key));
    for (const { key, values: tagValues } of lf.lfTags) {
      if (tagValues.length > LF_MAX_VALUES_PER_TAG) {
        problems.push({
          severity: 'error',
          environment: lf.environment,
          message: `LF-tag ${key} would have ${formatCount(
            tagValues.length,
          )} values in account ${
            lf.accountId
          }, more than Lake Formation's ${formatCount(
            LF_MAX_VALUES_PER_TAG,
          )}: the values beyond the limit cannot be created`,
        });
      }
    }
  }
}
