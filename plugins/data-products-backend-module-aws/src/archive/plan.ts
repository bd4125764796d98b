/*
 * Pure: what archiving a retiring product copies. Every S3 prefix the product
 * writes (its datasets' outputs and its workspace) is copied to the
 * environment's archive bucket, and the definitions of its Glue databases'
 * tables are written there as JSON; the originals stay where they are.
 */
import type {
  ArchiveRequest,
  ProvisioningProblem,
} from '@meshport/plugin-data-products-node';
import {
  getDatasetProductRef,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import type { AwsProvisionerConfig } from '../config';
import { AWS_PROVISIONER_ID } from '../model';
import { productSlug } from '../plan/names';
import { planAwsDesiredState } from '../plan/planner';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

export interface PlannedS3Copy {
  kind: 's3-prefix';
  id: string;
  environment: string;
  sourceBucket: string;
  sourcePrefix: string;
  targetBucket: string;
  targetPrefix: string;
}

export interface PlannedGlueExport {
  kind: 'glue-database';
  id: string;
  environment: string;
  catalogId: string;
  database: string;
  /** Only these tables (a dataset output naming a table); empty: all. */
  tables: string[];
  targetBucket: string;
  targetKey: string;
}

export type PlannedArchiveStep = PlannedS3Copy | PlannedGlueExport;

export interface ArchivePlan {
  steps: PlannedArchiveStep[];
  problems: ProvisioningProblem[];
}

/** `retired/<product>/<retirement id>/`: where one retirement's copies go. */
export function archiveRoot(dataProduct: string, retirementId: string): string {
  return `retired/${productSlug(dataProduct)}/${retirementId}/`;
}

export function describeArchiveStep(step: PlannedArchiveStep): {
  source: string;
  target: string;
  description: string;
} {
  if (step.kind === 's3-prefix') {
    const source = `s3://${step.sourceBucket}/${step.sourcePrefix}`;
    const target = `s3://${step.targetBucket}/${step.targetPrefix}`;
    return { source, target, description: `Copy ${source} to ${target}` };
  }
  const source = `glue://${step.catalogId}/${step.database}${
    step.tables.length ? ` (${step.tables.join(', ')})` : ''
  }`;
  const target = `s3://${step.targetBucket}/${step.targetKey}`;
  return {
    source,
    target,
    description: `Export the table definitions of Glue database ${step.database} to ${target} (the database is kept)`,
  };
}

export function planArchive(
  request: Pick<ArchiveRequest, 'dataProduct' | 'retirementId' | 'input'>,
  config: AwsProvisionerConfig,
): ArchivePlan {
  const product = lower(request.dataProduct);
  const root = archiveRoot(product, request.retirementId);
  const environments = new Map<string, MeshportEnvironment>(
    request.input.environments.map(e => [e.name, e]),
  );
  const desired = planAwsDesiredState({ ...request.input, grants: [] }, config);
  const problems: ProvisioningProblem[] = [];
  const steps: PlannedArchiveStep[] = [];
  // Environments where the product has resources.
  const productEnvironments = [
    ...new Set(
      desired.roles
        .filter(r => r.dataProduct === product)
        .map(r => r.environment),
    ),
  ];
  const archiveBucketOf = (environment: string): string | undefined => {
    const bucket = environments.get(environment)?.buckets[config.archiveBucket];
    if (!bucket) {
      problems.push({
        severity: 'error',
        dataProduct: product,
        environment,
        message: `Environment ${environment} has no '${config.archiveBucket}' bucket in meshport.environments[].buckets: add one (or set meshport.aws.archiveBucket) so retired data can be archived`,
      });
      return undefined;
    }
    return bucket.name;
  };

  const noArchive = new Set<string>();
  for (const environment of productEnvironments) {
    if (!archiveBucketOf(environment)) noArchive.add(environment);
  }

  for (const bucket of desired.buckets) {
    if (noArchive.has(bucket.environment)) continue;
    const target = environments.get(bucket.environment)!.buckets[
      config.archiveBucket
    ].name;
    for (const prefix of bucket.prefixes) {
      if (prefix.dataProduct !== product) continue;
      if (bucket.bucketId === config.archiveBucket) {
        problems.push({
          severity: 'warning',
          dataProduct: product,
          environment: bucket.environment,
          resource: `s3://${bucket.bucket}/${prefix.prefix}`,
          message: `s3://${bucket.bucket}/${prefix.prefix} is already in archive storage; it is left as it is`,
        });
        continue;
      }
      steps.push({
        kind: 's3-prefix',
        id: `${AWS_PROVISIONER_ID}:${bucket.environment}:archive:s3-prefix:${bucket.bucket}/${prefix.prefix}`,
        environment: bucket.environment,
        sourceBucket: bucket.bucket,
        sourcePrefix: prefix.prefix,
        targetBucket: target,
        targetPrefix: `${root}s3/${bucket.bucket}/${prefix.prefix}`,
      });
    }
  }

  // Glue metadata of the product's datasets, whoever owns the database.
  const glue = new Map<string, Set<string>>();
  for (const dataset of request.input.datasets) {
    if (lower(getDatasetProductRef(dataset)) !== product) continue;
    for (const output of dataset.spec.outputs ?? []) {
      if (output.type !== 'glue') continue;
      const tables = glue.get(output.database) ?? new Set<string>();
      if (output.table) {
        tables.add(output.table);
      } else {
        tables.add('*');
      }
      glue.set(output.database, tables);
    }
  }
  for (const environment of productEnvironments) {
    if (noArchive.has(environment)) continue;
    const env = environments.get(environment)!;
    for (const [database, tables] of [...glue.entries()].sort()) {
      steps.push({
        kind: 'glue-database',
        id: `${AWS_PROVISIONER_ID}:${environment}:archive:glue-database:${database}`,
        environment,
        catalogId: env.accountId,
        database,
        tables: tables.has('*') ? [] : [...tables].sort(),
        targetBucket: env.buckets[config.archiveBucket].name,
        targetKey: `${root}glue/${database}.json`,
      });
    }
  }
  return { steps, problems };
}
