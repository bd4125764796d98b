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
  isDataProductEntity,
  isDatasetEntity,
  MeshportEnvironment,
  ProvisioningRunProblem,
  validateEntity,
} from '@meshport/plugin-data-products-common';
import type { ProvisioningInput } from '@meshport/plugin-data-products-node';
import type { GrantsSource } from './GrantsSource';

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

export interface GatheredInput {
  input: ProvisioningInput;
  /** Entities left out, as warnings. */
  problems: ProvisioningRunProblem[];
}

export class ProvisioningInputSource {
  private grantsSource: GrantsSource;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      environments: MeshportEnvironment[];
      grantsSource: GrantsSource;
    },
  ) {
    this.grantsSource = options.grantsSource;
  }

  setGrantsSource(grantsSource: GrantsSource): void {
    this.grantsSource = grantsSource;
  }

  async gather(now: Date): Promise<GatheredInput> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const [{ items }, grants] = await Promise.all([
      this.options.catalog.getEntities(
        {
          filter: [{ kind: 'DataProduct' }, { kind: 'Dataset' }],
          fields: PROVISIONING_ENTITY_FIELDS,
        },
        { credentials },
      ),
      this.grantsSource.listActiveGrants(now),
    ]);
    const { products, datasets, problems } = selectValidEntities(items);
    return {
      input: {
        products,
        datasets,
        grants,
        environments: this.options.environments,
      },
      problems,
    };
  }
}
