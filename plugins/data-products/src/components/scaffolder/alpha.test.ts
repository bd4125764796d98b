import dataProductsPlugin from '../../alpha';
import { dataProductNameFormField } from './formFields';

describe('scaffolder field extensions', () => {
  it.each([
    'scaffolder-form-field:data-products/data-product-name',
    'scaffolder-form-field:data-products/data-product-environments',
    'scaffolder-form-field:data-products/data-product-owner',
    'scaffolder-form-field:data-products/data-product-schema',
    'scaffolder-form-field:data-products/data-product-entity-title',
    'scaffolder-form-field:data-products/data-product-picker',
    'scaffolder-form-field:data-products/data-product-schema-summary',
  ])('are in the new frontend system plugin: %s', extensionId => {
    const extension = dataProductsPlugin.getExtension(extensionId as any);
    expect(extension).toBeDefined();
    expect(extension.$$type).toBe('@backstage/ExtensionDefinition');
  });

  it('build a scaffolder form field', () => {
    expect((dataProductNameFormField as any).$$type).toBe(
      '@backstage/scaffolder/FormField',
    );
  });
});
