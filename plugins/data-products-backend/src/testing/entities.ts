/* Sample catalog entities for tests. */
import type {
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';

export function dataProduct(
  name: string,
  spec: Partial<DataProductEntity['spec']> = {},
): DataProductEntity {
  return {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: { name, namespace: 'default' },
    spec: { owner: 'team-data', domain: 'sales', ...spec },
  };
}

export function dataset(
  name: string,
  product: string,
  spec: Partial<DatasetEntity['spec']> = {},
): DatasetEntity {
  return {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name, namespace: 'default' },
    spec: {
      dataProduct: product,
      owner: 'team-data',
      access: 'restricted',
      outputs: [
        { type: 's3', bucket: 'datalake', path: `${product}/${name}/` },
      ],
      ...spec,
    },
  };
}

export const testEnvironments: MeshportEnvironment[] = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-dev-datalake' } },
    readsFrom: [],
  },
  {
    name: 'prd',
    accountId: '222222222222',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-prd-datalake' } },
    readsFrom: [],
  },
];

/** `meshport.environments` as app-config data. */
export const testEnvironmentsConfig = testEnvironments.map(environment => ({
  ...environment,
  buckets: { ...environment.buckets },
  readsFrom: [...environment.readsFrom],
}));
