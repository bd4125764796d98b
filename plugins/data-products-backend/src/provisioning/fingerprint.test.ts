import type { ProvisioningInput } from '@meshport/plugin-data-products-node';
import { dataProduct, dataset, testEnvironments } from '../testing/entities';
import { canonicalJson, fingerprintInput } from './fingerprint';

function input(overrides: Partial<ProvisioningInput> = {}): ProvisioningInput {
  return {
    products: [dataProduct('churn'), dataProduct('orders')],
    datasets: [dataset('orders-daily', 'orders')],
    grants: [
      {
        id: 'g1',
        consumer: 'dataproduct:default/churn',
        dataset: 'dataset:default/orders-daily',
        environments: ['prd', 'dev'],
      },
      {
        id: 'g2',
        consumer: 'dataproduct:default/orders',
        dataset: 'dataset:default/x',
        environments: ['dev'],
      },
    ],
    environments: testEnvironments,
    ...overrides,
  };
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined fields', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } }),
    ).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('fingerprintInput', () => {
  it('is the same whatever order entities, grants and their environments come in', () => {
    const base = input();
    const shuffled = input({
      products: [...base.products].reverse(),
      grants: [...base.grants].reverse().map(grant => ({
        ...grant,
        environments: [...grant.environments].reverse(),
      })),
    });
    expect(fingerprintInput(shuffled)).toBe(fingerprintInput(base));
  });

  it('ignores what cannot change a plan, such as annotations', () => {
    const annotated = dataProduct('churn');
    annotated.metadata.annotations = { 'backstage.io/view-url': 'https://x' };
    expect(
      fingerprintInput(input({ products: [annotated, dataProduct('orders')] })),
    ).toBe(fingerprintInput(input()));
  });

  it('changes with a spec, a grant or the environments', () => {
    const base = fingerprintInput(input());
    expect(
      fingerprintInput(
        input({
          products: [
            dataProduct('churn', { environments: ['dev'] }),
            dataProduct('orders'),
          ],
        }),
      ),
    ).not.toBe(base);
    expect(fingerprintInput(input({ grants: [] }))).not.toBe(base);
    expect(
      fingerprintInput(input({ environments: [testEnvironments[0]] })),
    ).not.toBe(base);
  });
});
