/*
 * Gathers the provisioning input: DataProducts and Datasets from the catalog,
 * active grants, and the configured environments.
 */
import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DataProductEntity,
  DatasetEntity,
  formatEntityRef,
  getDatasetProductRef,
  isDataProductEntity,
  isDatasetEntity,
  MeshportEnvironment,
  ProvisioningRunProblem,
  validateEntity,
} from '@meshport/plugin-data-products-common';
import type { ProvisioningInput } from '@meshport/plugin-data-products-node';
import type { GrantsSource } from './GrantsSource';
import { normalizeEntityRef as lowerRef } from '../lib/entityRefs';

/** The entity fields provisioners read; the rest is not fetched. */
export const PROVISIONING_ENTITY_FIELDS = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'spec',
];

/**
 * Keeps the valid DataProducts and Datasets. An invalid entity is left out
 * with a warning, so one broken spec never stops the mesh's provisioning.
 */
export function selectValidEntities(entities: Entity[]): {
  products: DataProductEntity[];
  datasets: DatasetEntity[];
  problems: ProvisioningRunProblem[];
} {
  const products: DataProductEntity[] = [];
  const datasets: DatasetEntity[] = [];
  const problems: ProvisioningRunProblem[] = [];
  for (const entity of entities) {
    if (!isDataProductEntity(entity) && !isDatasetEntity(entity)) {
      continue;
    }
    // Environments are not checked here: the provisioners report unknown
    // ones per product instead of dropping the whole product.
    const found = validateEntity(entity);
    if (found.length > 0) {
      const details = found
        .slice(0, 3)
        .map(problem => `${problem.path}: ${problem.message}`)
        .join('; ');
      problems.push({
        severity: 'warning',
        ...(isDataProductEntity(entity)
          ? { dataProduct: formatEntityRef(entity) }
          : {}),
        message: `${formatEntityRef(
          entity,
        )} is invalid and is not provisioned: ${details}`,
      });
      continue;
    }
    if (isDataProductEntity(entity)) {
      products.push(entity);
    } else {
      datasets.push(entity as DatasetEntity);
    }
  }
  return { products, datasets, problems };
}

/**
 * Products to leave out of the input although the catalog still holds them:
 * a retiring product whose resources are being released. Provisioners then
 * plan nothing for it, so the differ deletes what it manages.
 */
export interface ProvisioningExclusions {
  /** Full DataProduct refs. */
  listExcludedProducts(): Promise<string[]>;
}

/**
 * Leaves the excluded products out, with their datasets and every grant
 * that involves them (as consumer, or on one of their datasets).
 */
export function excludeProducts(
  input: ProvisioningInput,
  excludedProducts: string[],
): ProvisioningInput {
  if (excludedProducts.length === 0) {
    return input;
  }
  const excluded = new Set(excludedProducts.map(lowerRef));
  const excludedDatasets = new Set<string>();
  const datasets = input.datasets.filter(dataset => {
    if (excluded.has(lowerRef(getDatasetProductRef(dataset)))) {
      excludedDatasets.add(lowerRef(formatEntityRef(dataset)));
      return false;
    }
    return true;
  });
  return {
    ...input,
    products: input.products.filter(
      product => !excluded.has(lowerRef(formatEntityRef(product))),
    ),
    datasets,
    grants: input.grants.filter(
      grant =>
        !excluded.has(lowerRef(grant.consumer)) &&
        !excludedDatasets.has(lowerRef(grant.dataset)),
    ),
  };
}

export interface GatheredInput {
  input: ProvisioningInput;
  /** Entities left out, as warnings. */
  problems: ProvisioningRunProblem[];
}

export class ProvisioningInputSource {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      environments: MeshportEnvironment[];
      /** The access requests' store in the plugin; a static list in tests. */
      grantsSource: GrantsSource;
      /** Products left out of the input (retirement releases them); none when absent. */
      exclusions?: ProvisioningExclusions;
    },
  ) {}

  async gather(now: Date): Promise<GatheredInput> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const [{ items }, grants, excludedProducts] = await Promise.all([
      this.options.catalog.getEntities(
        {
          filter: [{ kind: 'DataProduct' }, { kind: 'Dataset' }],
          fields: PROVISIONING_ENTITY_FIELDS,
        },
        { credentials },
      ),
      this.options.grantsSource.listActiveGrants(now),
      this.options.exclusions?.listExcludedProducts() ?? [],
    ]);
    const { products, datasets, problems } = selectValidEntities(items);
    return {
      input: excludeProducts(
        {
          products,
          datasets,
          grants,
          environments: this.options.environments,
        },
        excludedProducts,
      ),
      problems,
    };
  }
}
