import {
  dataProductsPlugin,
  EntityDataProductOverviewCard,
  EntityDatasetOverviewCard,
  EntityDatasetSchemaCard,
  EntityDatasetSloCard,
} from './plugin';

describe('dataProductsPlugin (legacy frontend system)', () => {
  it('has the plugin id the backend and permissions use', () => {
    expect(dataProductsPlugin.getId()).toBe('data-products');
  });

  it('provides one component per card', () => {
    for (const card of [
      EntityDataProductOverviewCard,
      EntityDatasetOverviewCard,
      EntityDatasetSchemaCard,
      EntityDatasetSloCard,
    ]) {
      expect(card).toEqual(expect.any(Function));
    }
  });
});
