/*
 * A mesh for reconcile tests: two environments in two accounts (dev reads
 * prd), a producer with many datasets, a consumer granted all of them (its
 * roles need managed policies besides the inline one), and a product that
 * owns a whole Glue database.
 */
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type {
  Grant,
  ProvisioningInput,
} from '@meshport/plugin-data-products-node';
import { dataset, grant, product } from '../../plan/__fixtures__/mesh';

export const DEV: MeshportEnvironment = {
  name: 'dev',
  accountId: '111111111111',
  region: 'eu-west-1',
  buckets: { datalake: { name: 'meshport-dev-datalake' } },
  readsFrom: ['prd'],
};

export const PRD: MeshportEnvironment = {
  name: 'prd',
  accountId: '222222222222',
  // Another region: the fake routes clients to accounts by region.
  region: 'eu-central-1',
  buckets: { datalake: { name: 'meshport-prd-datalake' } },
  readsFrom: [],
};

export const ORDER_DATASETS = 40;

const orderNames = Array.from(
  { length: ORDER_DATASETS },
  (_, i) => `orders-${i + 1}`,
);

export function reconcileInput(
  overrides: Partial<ProvisioningInput> = {},
): ProvisioningInput {
  return {
    environments: [DEV, PRD],
    products: [product('sales'), product('churn'), product('marketing')],
    datasets: [
      ...orderNames.map((name, i) =>
        dataset(name, 'sales', [
          { type: 's3', bucket: 'datalake', path: `sales/${name}/` },
          { type: 'glue', database: 'sales_db', table: `orders_${i + 1}` },
        ]),
      ),
      dataset(
        'campaigns',
        'marketing',
        [
          { type: 's3', bucket: 'datalake', path: 'marketing/campaigns/' },
          { type: 'glue', database: 'marketing_db' },
        ],
        'unrestricted',
      ),
    ],
    grants: [
      ...orderNames.map(name => grant('churn', name, ['dev', 'prd'])),
      grant('churn', 'campaigns', ['dev', 'prd']),
    ],
    ...overrides,
  };
}

/** The grants of `reconcileInput()` without the one on `datasetName`. */
export function grantsWithout(datasetName: string): Grant[] {
  return reconcileInput().grants.filter(
    g => g.dataset !== `dataset:default/${datasetName}`,
  );
}
