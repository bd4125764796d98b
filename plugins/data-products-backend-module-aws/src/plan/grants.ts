/*
 * Grants, resolved: which dataset instances (a dataset as produced in one
 * environment) each consuming product may read in each environment. Expired,
 * private, dangling and undeployed grants are plan warnings and are skipped.
 */
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { Grant } from '@meshport/plugin-data-products-node';
import { AwsPlanProblem } from '../model';
import { cachedRefNormalizer } from './names';
import {
  sortedByKey,
  DatasetInfo,
  ProductEnvironmentState,
  ProductInfo,
  readableEnvironments,
} from './shared';

export interface GrantedInstance {
  dataset: string;
  /** State of the producing product in the environment holding the data. */
  producer: ProductEnvironmentState;
}

/** consumer state key -> dataset instances granted to it (deduplicated, sorted). */
export function resolveGrants(
  grants: Grant[],
  products: Map<string, ProductInfo>,
  datasets: Map<string, DatasetInfo>,
  states: Map<string, ProductEnvironmentState>,
  envByName: Map<string, MeshportEnvironment>,
  now: number,
  problems: AwsPlanProblem[],
): Map<string, GrantedInstance[]> {
  const result = new Map<string, Map<string, GrantedInstance>>();
  const normalizeRef = cachedRefNormalizer();
  const sortedGrants = sortedByKey(
    grants,
    g => `${g.consumer}\n${g.dataset}\n${g.id}`,
  );
  for (const grant of sortedGrants) {
    if (grant.validUntil && Date.parse(grant.validUntil) <= now) continue;
    const warn = (message: string, dataProduct?: string) =>
      problems.push({
        severity: 'warning',
        ...(dataProduct ? { dataProduct } : {}),
        message: `Grant ${grant.id} (${grant.consumer} reads ${grant.dataset}): ${message}; skipped`,
      });
    let consumerRef: string;
    let datasetRef: string;
    try {
      consumerRef = normalizeRef(grant.consumer, 'DataProduct');
      datasetRef = normalizeRef(grant.dataset, 'Dataset');
    } catch {
      warn('invalid entity ref');
      continue;
    }
    const consumer = products.get(consumerRef);
    if (!consumer) {
      warn('the consuming data product is not in the catalog or is retired');
      continue;
    }
    const dataset = datasets.get(datasetRef);
    if (!dataset) {
      warn(
        'the dataset is not in the catalog, is retired or its product is missing',
        consumerRef,
      );
      continue;
    }
    if (dataset.productRef === consumerRef) continue; // own outputs are always readable
    if (dataset.access === 'private') {
      warn(`the dataset is private to ${dataset.productRef}`, consumerRef);
      continue;
    }
    if (grant.environments.length === 0) {
      warn('it names no environment', consumerRef);
      continue;
    }
    for (const envName of [...new Set(grant.environments)].sort()) {
      const environment = envByName.get(envName);
      if (!environment) {
        warn(`environment ${envName} is not configured`, consumerRef);
        continue;
      }
      const consumerState = states.get(`${envName}\n${consumerRef}`);
      if (!consumerState) {
        warn(`${consumerRef} is not deployed in ${envName}`, consumerRef);
        continue;
      }
      let found = false;
      for (const holding of readableEnvironments(environment)) {
        const producer = states.get(`${holding}\n${dataset.productRef}`);
        if (!producer) continue;
        found = true;
        const consumerKey = `${envName}\n${consumerRef}`;
        const instances = result.get(consumerKey) ?? new Map();
        instances.set(`${datasetRef}\n${holding}`, {
          dataset: datasetRef,
          producer,
        });
        result.set(consumerKey, instances);
      }
      if (!found) {
        warn(
          `${dataset.productRef} is not deployed in ${envName}${
            environment.readsFrom.length
              ? ` or ${environment.readsFrom.join(', ')}`
              : ''
          }`,
          consumerRef,
        );
      }
    }
  }
  const sorted = new Map<string, GrantedInstance[]>();
  for (const [consumerKey, instances] of result) {
    sorted.set(
      consumerKey,
      sortedByKey(instances.entries(), ([k]) => k).map(([, v]) => v),
    );
  }
  return sorted;
}
