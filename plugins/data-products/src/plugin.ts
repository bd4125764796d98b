import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  DataProductsClient,
  dataProductsApiRef,
} from '@meshport/plugin-data-products-react';

/**
 * The Meshport data products plugin for the legacy frontend system: cards for
 * the entity pages of the DataProduct and Dataset kinds.
 *
 * @public
 */
export const dataProductsPlugin = createPlugin({
  id: 'data-products',
  apis: [
    createApiFactory({
      api: dataProductsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DataProductsClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * Overview of a DataProduct: owner, domain, lifecycle, environments, support,
 * input ports and the datasets it shares.
 *
 * @public
 */
export const EntityDataProductOverviewCard = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityDataProductOverviewCard',
    component: {
      lazy: () =>
        import('./components/DataProductOverviewCard').then(
          m => m.DataProductOverviewCard,
        ),
    },
  }),
);

/**
 * Overview of a Dataset: owner, producing product, access level, data
 * outputs and consumers.
 *
 * @public
 */
export const EntityDatasetOverviewCard = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityDatasetOverviewCard',
    component: {
      lazy: () =>
        import('./components/DatasetOverviewCard').then(
          m => m.DatasetOverviewCard,
        ),
    },
  }),
);

/**
 * The columns of a Dataset, with personal data marked.
 *
 * @public
 */
export const EntityDatasetSchemaCard = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityDatasetSchemaCard',
    component: {
      lazy: () =>
        import('./components/DatasetSchemaCard').then(m => m.DatasetSchemaCard),
    },
  }),
);

/**
 * The service level objectives a Dataset declares.
 *
 * @public
 */
export const EntityDatasetSloCard = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityDatasetSloCard',
    component: {
      lazy: () =>
        import('./components/DatasetSloCard').then(m => m.DatasetSloCard),
    },
  }),
);

/**
 * The Provisioning tab of a DataProduct: the cloud resources Meshport plans
 * for it per environment, pending changes, and the reconcile runs.
 *
 * @public
 */
export const EntityProvisioningContent = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityProvisioningContent',
    component: {
      lazy: () =>
        import('./components/ProvisioningTab').then(
          m => m.EntityProvisioningContent,
        ),
    },
  }),
);
