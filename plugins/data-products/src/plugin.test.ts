import { dataProductsPlugin } from './plugin';
import {
  EntityDataProductOverviewCard,
  EntityDatasetOverviewCard,
  EntityDatasetSchemaCard,
  EntityDatasetSloCard,
  EntityProvisioningContent,
} from './extensions';
import { dataProductsApiRef } from '@meshport/plugin-data-products-react';
import {
  EntityDataProductSloSummaryCard,
  EntitySloContent,
} from './extensions';
import { slosApiRef } from '@meshport/plugin-data-products-react';
import {
  AccessRequestsPage,
  EntityDataProductAccessContent,
  EntityDatasetAccessContent,
} from './extensions';
import { accessRequestsApiRef } from '@meshport/plugin-data-products-react';
import { accessRequestsRouteRef } from './routes';

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

  it('provides the SLOs tab and the SLO summary card, with their client', () => {
    expect(EntitySloContent).toEqual(expect.any(Function));
    expect(EntityDataProductSloSummaryCard).toEqual(expect.any(Function));
    const apiIds = [...dataProductsPlugin.getApis()].map(
      factory => factory.api.id,
    );
    expect(apiIds).toContain(slosApiRef.id);
  });

  it('provides the access tabs, the Access requests page and their client', () => {
    expect(EntityDatasetAccessContent).toEqual(expect.any(Function));
    expect(EntityDataProductAccessContent).toEqual(expect.any(Function));
    expect(AccessRequestsPage).toEqual(expect.any(Function));
    expect(dataProductsPlugin.routes.accessRequests).toBe(
      accessRequestsRouteRef,
    );
    const apiIds = [...dataProductsPlugin.getApis()].map(
      factory => factory.api.id,
    );
    expect(apiIds).toContain(accessRequestsApiRef.id);
  });
});
