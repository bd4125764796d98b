import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import type { RetirementStatesResponse } from '@meshport/plugin-data-products-common';
import { DataProductsEntitiesProcessor } from '../DataProductsEntitiesProcessor';
import {
  applyRetirementMark,
  CachedRetirementStates,
  findMark,
  toMarks,
} from './retirementStates';

const product: Entity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { owner: 'team-sales', domain: 'sales', lifecycle: 'production' },
};
const dataset = (name: string): Entity => ({
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name, namespace: 'default' },
  spec: { dataProduct: 'orders', owner: 'team-sales', access: 'restricted' },
});

const states: RetirementStatesResponse = {
  items: [
    {
      dataProduct: 'dataproduct:default/orders',
      datasets: ['dataset:default/orders-daily'],
      state: 'retiring',
      sunset: '2026-12-21T00:00:00.000Z',
    },
  ],
};

describe('retirement in the catalog', () => {
  it('shows a retiring product and its datasets as deprecated, with the sunset', () => {
    const marks = toMarks(states);
    expect(applyRetirementMark(product, findMark(product, marks))).toEqual({
      ...product,
      metadata: {
        ...product.metadata,
        annotations: {
          'meshport.io/retirement': 'retiring',
          'meshport.io/sunset': '2026-12-21T00:00:00.000Z',
          'meshport.io/declared-lifecycle': 'production',
        },
      },
      spec: { ...product.spec, lifecycle: 'deprecated' },
    });
    // a dataset added after the retirement started follows its product
    const added = dataset('orders-weekly');
    expect(
      applyRetirementMark(added, findMark(added, marks)).spec?.lifecycle,
    ).toBe('deprecated');
  });

  it('shows a retired one as retired and leaves others alone', () => {
    const marks = toMarks({
      items: [{ ...states.items[0], state: 'retired' }],
    });
    expect(
      applyRetirementMark(product, findMark(product, marks)).spec?.lifecycle,
    ).toBe('retired');
    const other = { ...product, metadata: { name: 'churn' } };
    expect(applyRetirementMark(other, findMark(other, marks))).toBe(other);
  });

  it('fetches all states at most once per ttl, never per entity', async () => {
    let clock = 0;
    const fetch = jest.fn(async () => states);
    const cache = new CachedRetirementStates({
      fetch,
      ttlMs: 10_000,
      now: () => clock,
    });
    const processor = new DataProductsEntitiesProcessor({
      retirementStates: cache,
    });
    const processed = await Promise.all(
      [product, dataset('orders-daily'), dataset('orders-raw')].map(e =>
        processor.preProcessEntity(e),
      ),
    );
    expect(processed.map(e => e.spec?.lifecycle)).toEqual([
      'deprecated',
      'deprecated',
      'deprecated',
    ]);
    expect(fetch).toHaveBeenCalledTimes(1);
    clock = 9_999;
    await cache.get();
    expect(fetch).toHaveBeenCalledTimes(1);
    clock = 10_000;
    await cache.get();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps the last known states while the backend cannot be reached, warning once', async () => {
    let clock = 0;
    const logger = mockServices.logger.mock();
    const fetch = jest
      .fn<Promise<RetirementStatesResponse>, []>()
      .mockResolvedValueOnce(states)
      .mockRejectedValue(new Error('connect ECONNREFUSED'));
    const cache = new CachedRetirementStates({
      fetch,
      logger,
      ttlMs: 1000,
      now: () => clock,
    });
    expect((await cache.get()).size).toBe(2);
    clock = 1000;
    expect((await cache.get()).size).toBe(2);
    clock = 2000;
    expect((await cache.get()).size).toBe(2);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('connect ECONNREFUSED'),
    );
  });

  it('leaves other kinds untouched without asking', async () => {
    const fetch = jest.fn(async () => states);
    const processor = new DataProductsEntitiesProcessor({
      retirementStates: new CachedRetirementStates({ fetch }),
    });
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orders' },
      spec: { lifecycle: 'production' },
    };
    await expect(processor.preProcessEntity(component)).resolves.toBe(
      component,
    );
    expect(fetch).not.toHaveBeenCalled();
  });
});
