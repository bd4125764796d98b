import type { ProvisioningInput } from '@meshport/plugin-data-products-node';
import { excludeProducts } from '../provisioning/input';
import { dataProduct, dataset, testEnvironments } from '../testing/entities';

describe('leaving released products out of the provisioning input', () => {
  const input: ProvisioningInput = {
    products: [dataProduct('orders'), dataProduct('churn'), dataProduct('crm')],
    datasets: [
      dataset('orders-daily', 'orders'),
      dataset('orders-raw', 'orders'),
      dataset('leads', 'crm'),
    ],
    grants: [
      // churn reads the retiring product's data
      {
        id: 'g1',
        consumer: 'dataproduct:default/churn',
        dataset: 'dataset:default/orders-daily',
        environments: ['dev'],
      },
      // the retiring product reads someone else's
      {
        id: 'g2',
        consumer: 'dataproduct:default/orders',
        dataset: 'dataset:default/leads',
        environments: ['dev'],
      },
      {
        id: 'g3',
        consumer: 'dataproduct:default/churn',
        dataset: 'dataset:default/leads',
        environments: ['dev'],
      },
    ],
    environments: testEnvironments,
  };

  it('drops the product, its datasets and every grant involving them', () => {
    const result = excludeProducts(input, ['DataProduct:default/Orders']);
    expect(result.products.map(p => p.metadata.name)).toEqual(['churn', 'crm']);
    expect(result.datasets.map(d => d.metadata.name)).toEqual(['leads']);
    expect(result.grants.map(g => g.id)).toEqual(['g3']);
    expect(result.environments).toBe(input.environments);
  });

  it('returns the input unchanged when nothing is excluded', () => {
    expect(excludeProducts(input, [])).toBe(input);
  });
});
