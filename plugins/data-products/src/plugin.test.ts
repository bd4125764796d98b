import {
  dataProductsPlugin,
  EntityDataProductOverviewCard,
  EntityDatasetOverviewCard,
  EntityDatasetSchemaCard,
  EntityDatasetSloCard,
  EntityProvisioningContent,
} from './plugin';
import { dataProductsApiRef } from '@meshport/plugin-data-products-react';

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
      EntityProvisioningContent,
    ]) {
      expect(card).toEqual(expect.any(Function));
    }
  });

  it('registers the client of the data-products backend', () => {
    const apiIds = [...dataProductsPlugin.getApis()].map(
      factory => factory.api.id,
    );
    expect(apiIds).toContain(dataProductsApiRef.id);
  });
});
