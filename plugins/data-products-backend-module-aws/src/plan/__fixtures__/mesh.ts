/*
 * A small mesh for planner tests: two environments (dev reads prd), a
 * producer with neighbouring prefixes, a whole-database producer, a consumer
 * and a product that lives in prd only.
 */
import type {
  AccessLevel,
  DataOutput,
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import type {
  Grant,
  ProvisioningInput,
} from '@meshport/plugin-data-products-node';

export const DEV: MeshportEnvironment = {
  name: 'dev',
  accountId: '111111111111',
  region: 'eu-west-1',
  buckets: {
    datalake: { name: 'meshport-dev-datalake' },
    archive: { name: 'meshport-dev-archive' },
  },
  readsFrom: ['prd'],
};

export const PRD: MeshportEnvironment = {
  name: 'prd',
  accountId: '222222222222',
  region: 'eu-west-1',
  buckets: {
    datalake: { name: 'meshport-prd-datalake' },
    archive: { name: 'meshport-prd-archive' },
  },
  readsFrom: [],
};

export function product(
  name: string,
  spec: Partial<DataProductEntity['spec']> = {},
  namespace?: string,
): DataProductEntity {
  return {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { owner: `team-${name}`, domain: 'commerce', ...spec },
  };
}

export function dataset(
  name: string,
  dataProduct: string,
  outputs: DataOutput[],
  access: AccessLevel = 'restricted',
  extra: Partial<DatasetEntity['spec']> = {},
): DatasetEntity {
  return {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name },
    spec: { dataProduct, owner: 'team-x', access, outputs, ...extra },
  };
}

export function grant(
  consumer: string,
  datasetName: string,
  environments: string[],
  extra: Partial<Grant> = {},
): Grant {
  return {
    id: `g-${consumer}-${datasetName}-${environments.join('-')}`,
    consumer: `dataproduct:default/${consumer}`,
    dataset: `dataset:default/${datasetName}`,
    environments,
    ...extra,
  };
}

export function meshInput(
  overrides: Partial<ProvisioningInput> = {},
): ProvisioningInput {
  return {
    environments: [DEV, PRD],
    products: [
      product('sales'),
      product('marketing'),
      product('churn'),
      product('finance', { environments: ['prd'] }),
    ],
    datasets: [
      dataset('orders', 'sales', [
        { type: 's3', bucket: 'datalake', path: 'sales/orders/' },
        { type: 'glue', database: 'sales_db', table: 'orders' },
      ]),
      dataset('orders-archive', 'sales', [
        { type: 's3', bucket: 'datalake', path: 'sales/orders-archive/' },
        { type: 'glue', database: 'sales_db', table: 'orders_archive' },
      ]),
      dataset(
        'sales-internal',
        'sales',
        [{ type: 's3', bucket: 'archive', path: 'sales/internal' }],
        'private',
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
      dataset('churn-scores', 'churn', [
        { type: 's3', bucket: 'datalake', path: 'churn/scores/' },
        { type: 'glue', database: 'churn_db', table: 'scores' },
      ]),
    ],
    grants: [
      grant('churn', 'orders', ['dev', 'prd']),
      grant('churn', 'campaigns', ['prd']),
    ],
    ...overrides,
  };
}
