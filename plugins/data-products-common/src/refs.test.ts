import {
  entityPath,
  getDatasetProductRef,
  getDomainRef,
  getInputDatasetRefs,
  getOwnerRef,
  resolveSpecRef,
} from './refs';
import { isDataProductEntity, isDatasetEntity } from './entities';
import type { DataProductEntity, DatasetEntity } from './types';

const product: DataProductEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'customer-360', namespace: 'marketing' },
  spec: {
    owner: 'team-marketing',
    domain: 'domain:default/Customers',
    inputPorts: [
      { dataset: 'orders', purpose: 'x' },
      { dataset: 'dataset:sales/orders', purpose: 'y' },
    ],
  },
};

const dataset: DatasetEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'orders' },
  spec: { dataProduct: 'sales-orders', owner: 'user:jane', access: 'private' },
};

describe('resolveSpecRef', () => {
  it("applies the field's default kind and the entity's namespace", () => {
    expect(resolveSpecRef(product, 'owner', 'team-marketing')).toEqual({
      kind: 'Group',
      namespace: 'marketing',
      name: 'team-marketing',
    });
    expect(resolveSpecRef(dataset, 'dataProduct', 'sales-orders')).toEqual({
      kind: 'DataProduct',
      namespace: 'default',
      name: 'sales-orders',
    });
  });

  it('keeps what the ref spells out', () => {
    expect(
      resolveSpecRef(product, 'inputPort', 'dataset:sales/orders'),
    ).toEqual({ kind: 'dataset', namespace: 'sales', name: 'orders' });
  });

  it('throws on a malformed ref', () => {
    expect(() => resolveSpecRef(product, 'domain', 'domain:')).toThrow();
  });
});

describe('ref helpers', () => {
  it('stringify refs like Backstage', () => {
    expect(getDatasetProductRef(dataset)).toBe(
      'dataproduct:default/sales-orders',
    );
    expect(getInputDatasetRefs(product)).toEqual([
      'dataset:marketing/orders',
      'dataset:sales/orders',
    ]);
    expect(getOwnerRef(product)).toBe('group:marketing/team-marketing');
    expect(getOwnerRef(dataset)).toBe('user:default/jane');
    expect(getDomainRef(product)).toBe('domain:default/customers');
  });

  it('return no input refs for a product without input ports', () => {
    expect(
      getInputDatasetRefs({ ...product, spec: { owner: 'a', domain: 'b' } }),
    ).toEqual([]);
  });
});

describe('entity type guards', () => {
  it('recognise the kinds by apiVersion and case-insensitive kind', () => {
    expect(isDataProductEntity(product)).toBe(true);
    expect(isDatasetEntity(product)).toBe(false);
    expect(isDatasetEntity({ ...dataset, kind: 'dataset' })).toBe(true);
    expect(
      isDatasetEntity({ ...dataset, apiVersion: 'backstage.io/v1alpha1' }),
    ).toBe(false);
  });
});

describe('entityPath', () => {
  it('is the catalog page of a full ref', () => {
    expect(entityPath('dataproduct:sales/orders')).toBe(
      '/catalog/sales/dataproduct/orders',
    );
    expect(entityPath('dataset:default/orders-daily')).toBe(
      '/catalog/default/dataset/orders-daily',
    );
  });
});
