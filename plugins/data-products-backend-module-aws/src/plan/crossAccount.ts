/*
 * Pure: what an IAM-mode environment needs in another account to read the
 * data it is granted there (`readsFrom` naming an environment of another
 * account). Cross-account reads need both sides to allow: the reader's role
 * policies list the datasets (./planner.ts), and the producer's resources
 * admit the reader account's Meshport roles:
 *
 * - a bucket policy statement per reading environment on each producer
 *   bucket: objects of the datasets read, listing under their prefixes;
 * - a Glue catalog resource policy statement: the databases and tables read;
 * - a KMS key policy statement for SSE-KMS buckets (`bucketKmsKeys`);
 * - in the reader's account, an Athena data catalog (type GLUE) of the
 *   producer's Glue catalog.
 *
 * Principals are admitted by condition, never by a list of role ARNs:
 * `aws:PrincipalAccount` is the reader's account, `aws:PrincipalArn` is a
 * role under Meshport's role path, and the role carries the tags
 * `meshport:managed=true` and `meshport:environment=<reader>` (which only
 * Meshport sets). The statements grow with the datasets read, not the roles.
 * Each is applied in the producer's account with its credentials.
 */
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { accessControlOf } from '../environmentConfig';
import type { AwsProvisionerConfig } from '../config';
import {
  AwsAthenaDataCatalog,
  AwsPlanProblem,
  AwsResourcePolicyGrant,
  AwsRole,
  PolicyCondition,
  PolicyStatement,
  TAG_ENVIRONMENT,
  TAG_MANAGED,
} from '../model';
import { DatasetInstance, instancesByProduct } from './lakeFormation';
import { dataCatalogName, EnvironmentArns } from './names';
import { formatCount } from './policyLimits';
import { bucketIdOf } from './shared';
import {
  GLUE_READ_ACTIONS,
  KMS_DECRYPT_ACTIONS,
  S3_BUCKET_LOCATION_ACTIONS,
  S3_LIST_ACTIONS,
  S3_READ_ACTIONS,
} from './permissions';
import { policyJson } from '../apply/policyDocuments';

/** S3's bucket policy size limit. */
export const S3_BUCKET_POLICY_MAX_CHARS = 20480;
/** Glue's catalog resource policy size limit. */
export const GLUE_RESOURCE_POLICY_MAX_CHARS = 10240;

/** KMS's key policy size limit. */
export const KMS_KEY_POLICY_MAX_CHARS = 32768;

const POLICY_MAX_CHARS: Record<AwsResourcePolicyGrant['kind'], number> = {
  's3-bucket-policy': S3_BUCKET_POLICY_MAX_CHARS,
  'glue-catalog-policy': GLUE_RESOURCE_POLICY_MAX_CHARS,
  'kms-key-policy': KMS_KEY_POLICY_MAX_CHARS,
};

export interface PlanCrossAccountArgs {
  config: AwsProvisionerConfig;
  environments: MeshportEnvironment[];
  instances: DatasetInstance[];
  roles: AwsRole[];
  problems: AwsPlanProblem[];
}

interface Reads {
  reader: MeshportEnvironment;
  holder: MeshportEnvironment;
  /** bucket -> prefixes */
  s3: Map<string, Set<string>>;
  glue: Set<string>;
  kmsKeys: Set<string>;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const sidPart = (name: string) =>
  name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c: string) =>
    c.toUpperCase(),
  );

/** The condition admitting the Meshport roles of one environment of another account. */
export function meshportPrincipalCondition(
  reader: MeshportEnvironment,
  rolePath: string,
): PolicyCondition {
  const arns = new EnvironmentArns(reader);
  return {
    StringEquals: {
      'aws:PrincipalAccount': reader.accountId,
      [`aws:PrincipalTag/${TAG_MANAGED}`]: 'true',
      [`aws:PrincipalTag/${TAG_ENVIRONMENT}`]: reader.name,
    },
    ArnLike: { 'aws:PrincipalArn': arns.role(rolePath, '*') },
  };
}

export function planCrossAccount(args: PlanCrossAccountArgs): {
  resourcePolicies: AwsResourcePolicyGrant[];
  dataCatalogs: AwsAthenaDataCatalog[];
} {
  const { config, environments, instances, roles, problems } = args;
  const envByName = new Map(environments.map(e => [e.name, e]));
  const instanceOf = new Map(
    instances.map(i => [`${i.environment.name}\n${i.dataset}`, i]),
  );
  const byProduct = instancesByProduct(instances);
  const pairs = new Map<string, Reads>();
  const arnsByEnvironment = new Map<MeshportEnvironment, EnvironmentArns>();
  const arnsOf = (environment: MeshportEnvironment) => {
    let arns = arnsByEnvironment.get(environment);
    if (!arns) {
      arns = new EnvironmentArns(environment);
      arnsByEnvironment.set(environment, arns);
    }
    return arns;
  };
  for (const role of roles) {
    const reader = envByName.get(role.environment)!;
    const own = reader.readsFrom.flatMap(
      name => byProduct.get(`${name}\n${role.dataProduct}`) ?? [],
    );
    const granted = role.grantedDatasets
      .map(g => instanceOf.get(`${g.environment}\n${g.dataset}`))
      .filter((i): i is DatasetInstance => !!i);
    for (const instance of [...own, ...granted]) {
      const holder = instance.environment;
      if (holder.accountId === reader.accountId) continue;
      // Lake Formation shares its data through RAM (./lakeFormation.ts).
      if (accessControlOf(config, holder.name) === 'lake-formation') continue;
      const key = `${holder.name}\n${reader.name}`;
      const reads = pairs.get(key) ?? {
        reader,
        holder,
        s3: new Map(),
        glue: new Set(),
        kmsKeys: new Set(),
      };
      pairs.set(key, reads);
      const arns = arnsOf(holder);
      const keys = config.environments?.[holder.name]?.bucketKmsKeys ?? {};
      for (const { bucket, prefix } of instance.s3) {
        const set = reads.s3.get(bucket) ?? new Set();
        set.add(prefix);
        reads.s3.set(bucket, set);
        const bucketId = bucketIdOf(holder, bucket);
        if (bucketId && keys[bucketId]) reads.kmsKeys.add(keys[bucketId]);
      }
      for (const { database, table } of instance.glue) {
        reads.glue.add(arns.glueDatabase(database));
        reads.glue.add(arns.glueTable(database, table));
      }
    }
  }

  const policies = new Map<string, AwsResourcePolicyGrant>();
  const add = (
    holder: MeshportEnvironment,
    reader: MeshportEnvironment,
    kind: AwsResourcePolicyGrant['kind'],
    resource: string,
    statements: PolicyStatement[],
  ) => {
    const key = `${holder.name}\n${kind}\n${resource}`;
    const policy = policies.get(key) ?? {
      environment: holder.name,
      accountId: holder.accountId,
      resource,
      kind,
      readers: [],
      statements: [],
    };
    if (!policy.readers.includes(reader.name)) policy.readers.push(reader.name);
    policy.statements.push(...statements);
    policies.set(key, policy);
  };
  const dataCatalogs: AwsAthenaDataCatalog[] = [];
  const order = (e: MeshportEnvironment) => environments.indexOf(e);
  const ordered = [...pairs.values()].sort(
    (a, b) =>
      order(a.holder) - order(b.holder) || order(a.reader) - order(b.reader),
  );
  for (const { reader, holder, s3, glue, kmsKeys } of ordered) {
    const arns = new EnvironmentArns(holder);
    const principal = { AWS: [arns.accountRoot(reader.accountId)] };
    const condition = meshportPrincipalCondition(reader, config.rolePath);
    const sid = `Meshport${sidPart(reader.name)}`;
    for (const bucket of sorted(s3.keys())) {
      const prefixes = sorted(s3.get(bucket)!);
      add(holder, reader, 's3-bucket-policy', bucket, [
        {
          Sid: `${sid}ReadObjects`,
          Effect: 'Allow',
          Principal: principal,
          Action: S3_READ_ACTIONS,
          Resource: prefixes.map(p => arns.objects(bucket, p)),
          Condition: condition,
        },
        {
          Sid: `${sid}List`,
          Effect: 'Allow',
          Principal: principal,
          Action: S3_LIST_ACTIONS,
          Resource: [arns.bucket(bucket)],
          Condition: {
            ...condition,
            StringLike: { 's3:prefix': prefixes.map(p => `${p}*`) },
          },
        },
        {
          Sid: `${sid}Locate`,
          Effect: 'Allow',
          Principal: principal,
          Action: S3_BUCKET_LOCATION_ACTIONS,
          Resource: [arns.bucket(bucket)],
          Condition: condition,
        },
      ]);
    }
    if (glue.size) {
      add(holder, reader, 'glue-catalog-policy', arns.glueCatalog(), [
        {
          Sid: `${sid}ReadCatalog`,
          Effect: 'Allow',
          Principal: principal,
          Action: GLUE_READ_ACTIONS,
          Resource: sorted([arns.glueCatalog(), ...glue]),
          Condition: condition,
        },
      ]);
      const name = dataCatalogName(config.rolePrefix, holder.name);
      dataCatalogs.push({
        environment: reader.name,
        accountId: reader.accountId,
        name,
        arn: new EnvironmentArns(reader).athenaDataCatalog(name),
        type: 'GLUE',
        catalogId: holder.accountId,
        sourceEnvironment: holder.name,
        description: `Glue catalog of environment ${holder.name} (account ${holder.accountId}), managed by Meshport`,
        tags: { [TAG_MANAGED]: 'true', [TAG_ENVIRONMENT]: reader.name },
      });
    }
    for (const key of sorted(kmsKeys)) {
      add(holder, reader, 'kms-key-policy', key, [
        {
          Sid: `${sid}Decrypt`,
          Effect: 'Allow',
          Principal: principal,
          Action: KMS_DECRYPT_ACTIONS,
          // In a key policy `*` is the key itself.
          Resource: ['*'],
          Condition: {
            ...condition,
            StringEquals: {
              ...condition.StringEquals,
              'kms:ViaService': `s3.${holder.region}.amazonaws.com`,
            },
          },
        },
      ]);
    }
  }

  const resourcePolicies = [...policies.values()];
  for (const policy of resourcePolicies) {
    const max = POLICY_MAX_CHARS[policy.kind];
    const size = policyJson({
      Version: '2012-10-17',
      Statement: policy.statements,
    }).replace(/\s+/g, '').length;
    if (size > max) {
      problems.push({
        severity: 'error',
        environment: policy.environment,
        message: `Meshport's statements in the ${policy.kind.replace(
          /-/g,
          ' ',
        )} of ${policy.resource} have ${formatCount(
          size,
        )} characters, more than the ${formatCount(
          max,
        )} allowed: share through Lake Formation (accessControl: lake-formation)`,
      });
    }
  }
  return { resourcePolicies, dataCatalogs };
}
