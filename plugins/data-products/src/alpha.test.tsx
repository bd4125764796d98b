import dataProductsPlugin from './alpha';

describe('dataProductsPlugin (new frontend system)', () => {
  it('has the plugin id the backend and permissions use', () => {
    expect(dataProductsPlugin.id).toBe('data-products');
  });

  it.each([
    'entity-card:data-products/data-product-overview',
    'entity-card:data-products/dataset-overview',
    'entity-card:data-products/dataset-schema',
    'entity-card:data-products/dataset-slos',
    'entity-card:data-products/data-flow-graph',
  ] as const)('provides the %s card', extensionId => {
    const extension = dataProductsPlugin.getExtension(extensionId);
    expect(extension).toBeDefined();
    expect(extension.$$type).toBe('@backstage/ExtensionDefinition');
  });

  it('provides the Provisioning tab on DataProduct pages', () => {
    const extension = dataProductsPlugin.getExtension(
      'entity-content:data-products/provisioning',
    );
    expect(extension).toBeDefined();
    expect(extension.$$type).toBe('@backstage/ExtensionDefinition');
  });

  it('provides the SLOs tab on Dataset pages, the SLO summary card and the SLO client', () => {
    for (const extensionId of [
      'entity-content:data-products/slos',
      'entity-card:data-products/data-product-slos',
      'api:data-products/slos',
    ] as const) {
      expect(dataProductsPlugin.getExtension(extensionId)).toBeDefined();
    }
  });

  it('provides the data-products API client', () => {
    expect(dataProductsPlugin.getExtension('api:data-products')).toBeDefined();
  });

  it.each([
    'entity-content:data-products/dataset-access',
    'entity-content:data-products/data-product-access',
    'page:data-products/access-requests',
    'api:data-products/access-requests',
  ] as const)('provides %s for access requests', extensionId => {
    const extension = dataProductsPlugin.getExtension(extensionId);
    expect(extension).toBeDefined();
    expect(extension.$$type).toBe('@backstage/ExtensionDefinition');
  });

  it('provides the Contract tab on Dataset pages, the ODPS card and the contracts client', () => {
    for (const extensionId of [
      'entity-content:data-products/contract',
      'entity-card:data-products/data-product-contract',
      'api:data-products/contracts',
    ] as const) {
      expect(dataProductsPlugin.getExtension(extensionId)).toBeDefined();
    }
  });
});

describe('lineage (new frontend system)', () => {
  it('provides the Lineage tab and its client', () => {
    for (const extensionId of [
      'entity-content:data-products/lineage',
      'api:data-products/lineage',
    ] as const) {
      expect(dataProductsPlugin.getExtension(extensionId)).toBeDefined();
    }
  });
});
