import { entityRefOfKinds, normalizeEntityRef } from './entityRefs';

describe('normalizeEntityRef', () => {
  it('keeps a full ref lowercase, kind, namespace and name alike', () => {
    expect(normalizeEntityRef('DataProduct:Default/Churn')).toBe(
      'dataproduct:default/churn',
    );
    expect(normalizeEntityRef('dataset:default/orders')).toBe(
      'dataset:default/orders',
    );
  });
});

describe('entityRefOfKinds', () => {
  it('completes a short ref with the first kind and the default namespace', () => {
    expect(entityRefOfKinds('Churn', ['DataProduct'])).toBe(
      'dataproduct:default/churn',
    );
    expect(entityRefOfKinds('dataproduct:Churn', ['DataProduct'])).toBe(
      'dataproduct:default/churn',
    );
    expect(
      entityRefOfKinds('Dataset:Sales/Orders', ['DataProduct', 'Dataset']),
    ).toBe('dataset:sales/orders');
  });

  it('refuses refs of other kinds and what is no ref', () => {
    expect(entityRefOfKinds('component:default/website', ['DataProduct'])).toBe(
      undefined,
    );
    expect(entityRefOfKinds('a:b:c/d/e', ['DataProduct'])).toBe(undefined);
    expect(entityRefOfKinds('', ['Dataset'])).toBe(undefined);
  });
});
