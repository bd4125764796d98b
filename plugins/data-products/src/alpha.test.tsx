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

  it('provides the data-products API client', () => {
    expect(dataProductsPlugin.getExtension('api:data-products')).toBeDefined();
  });
});
