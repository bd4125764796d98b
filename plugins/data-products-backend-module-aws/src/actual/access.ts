/*
 * Reads, in one environment's account and with its clients, what the
 * Lake Formation and cross-account parts of the plan concern: Lake
 * Formation's locations, grants and LF-tags (lake-formation mode), the
 * policies of the producer's buckets and Glue catalog it owns, and the
 * reader's Athena data catalogs.
 */
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { crossAccountKey } from '../apply/access';
import type { AwsClients } from '../apply/clients';
import { readDataCatalogId, readResourcePolicy } from '../apply/crossAccount';
import { readLakeFormation } from '../apply/lakeFormation';
import {
  ActualLakeFormation,
  diffLakeFormation,
} from '../apply/lakeFormationDiff';
import { lakeFormationApi } from '../apply/lakeFormationClient';
import { conflictingLinks, readResourceLinks } from '../apply/resourceLinks';
import type {
  AwsDesiredState,
  AwsPlanProblem,
  AwsResourcePolicyGrant,
} from '../model';
import { EnvironmentArns } from '../plan/names';

export interface EnvironmentAccessState {
  lakeFormation?: ActualLakeFormation;
  policies: Record<string, string | null>;
  catalogs: Record<string, string | null>;
  /** Planned buckets that do not exist. */
  problems: AwsPlanProblem[];
}

/**
 * In a mesh of several accounts, the policies of the environment's data lake
 * buckets and Glue catalog that no planned statement concerns: they may hold
 * Meshport statements of reads that ended (removed by the diff). A bucket
 * that does not exist holds nothing.
 */
async function readUnplannedPolicies(
  desired: AwsDesiredState,
  environment: MeshportEnvironment,
  clients: AwsClients,
  policies: Record<string, string | null>,
): Promise<void> {
  const accounts = new Set(desired.environments.map(e => e.accountId));
  if (accounts.size < 2) return;
  const candidates: Array<Pick<AwsResourcePolicyGrant, 'kind' | 'resource'>> =
    [
      ...new Set(Object.values(environment.buckets).map(b => b.name)),
    ].map(resource => ({ kind: 's3-bucket-policy', resource }));
  candidates.push({
    kind: 'glue-catalog-policy',
    resource: new EnvironmentArns(environment).glueCatalog(),
  });
  for (const candidate of candidates) {
    const key = crossAccountKey(environment.name, candidate.resource);
    if (key in policies) continue;
    try {
      policies[key] = (await readResourcePolicy(clients, candidate)) ?? null;
    } catch (error) {
      if ((error as Error).name !== 'NoSuchBucket') throw error;
    }
  }
}

export async function readEnvironmentAccess(
  desired: AwsDesiredState,
  environment: MeshportEnvironment,
  clients: AwsClients,
  rolePath: string,
): Promise<EnvironmentAccessState> {
  const problems: AwsPlanProblem[] = [];
  const policies: Record<string, string | null> = {};
  for (const policy of desired.resourcePolicies ?? []) {
    if (policy.environment !== environment.name) continue;
    try {
      policies[crossAccountKey(policy.environment, policy.resource)] =
        (await readResourcePolicy(clients, policy)) ?? null;
    } catch (error) {
      if (
        policy.kind === 'kms-key-policy' &&
        (error as Error).name === 'NotFoundException'
      ) {
        problems.push({
          severity: 'error',
          environment: environment.name,
          resource: policy.resource,
          message: `KMS key ${policy.resource}, named in the bucketKmsKeys of environment ${environment.name}, does not exist in account ${environment.accountId}: its key policy for cross-account reads by ${policy.readers.join(', ')} is not written`,
        });
        continue;
      }
      // Meshport never creates buckets: say so, and plan nothing for it.
      if ((error as Error).name !== 'NoSuchBucket') throw error;
      problems.push({
        severity: 'error',
        environment: environment.name,
        resource: policy.resource,
        message: `Bucket ${policy.resource} does not exist in account ${
          environment.accountId
        } (environment ${
          environment.name
        }): its policy for cross-account reads by ${policy.readers.join(
          ', ',
        )} is not written until the bucket is created`,
      });
    }
  }
  await readUnplannedPolicies(desired, environment, clients, policies);
  const catalogs: Record<string, string | null> = {};
  for (const catalog of desired.dataCatalogs ?? []) {
    if (catalog.environment !== environment.name) continue;
    const found = await readDataCatalogId(clients, catalog.name);
    catalogs[crossAccountKey(catalog.environment, catalog.name)] =
      found === undefined ? null : found ?? '';
  }
  const planned = desired.lakeFormation?.find(
    e => e.environment === environment.name,
  );
  const lakeFormation = planned
    ? await readLakeFormation(
        lakeFormationApi(clients.lakeformation),
        planned,
        rolePath,
      )
    : undefined;
  if (planned && lakeFormation && planned.resourceLinks.length) {
    lakeFormation.resourceLinks = await readResourceLinks(
      clients.glue,
      planned.resourceLinks,
    );
    for (const link of conflictingLinks(
      planned.resourceLinks,
      lakeFormation.resourceLinks,
    )) {
      problems.push({
        severity: 'error',
        environment: environment.name,
        resource: link.name,
        message: `Glue database ${link.name} in environment ${environment.name} is not Meshport's resource link to ${link.targetDatabase} of ${link.sourceEnvironment}: Meshport leaves it as it is, and ${environment.name}'s roles cannot query ${link.targetDatabase} through it; rename or remove it`,
      });
    }
  }
  if (
    planned &&
    lakeFormation &&
    diffLakeFormation(planned, lakeFormation).crossAccountVersionMissing
  ) {
    problems.push({
      severity: 'warning',
      environment: environment.name,
      message: `Lake Formation in environment ${environment.name} (account ${environment.accountId}) shares with other accounts, which needs cross-account version ${planned.crossAccountVersion}: a data lake administrator sets it in the data lake settings (Meshport does not change them); until then other accounts' readers get no access`,
    });
  }
  return {
    ...(lakeFormation ? { lakeFormation } : {}),
    policies,
    catalogs,
    problems,
  };
}
