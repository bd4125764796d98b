import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  DataProductsClient,
  dataProductsApiRef,
} from '@meshport/plugin-data-products-react';

/** The client of the data-products backend, used by the tabs. */
const dataProductsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: dataProductsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DataProductsClient({ discoveryApi, fetchApi }),
    }),
});

/** The DataProduct overview card, on DataProduct entity pages only. */
const dataProductOverviewCard = EntityCardBlueprint.make({
  name: 'data-product-overview',
  params: {
    filter: { kind: 'DataProduct' },
    type: 'content',
    loader: () =>
      import('./components/DataProductOverviewCard').then(m => (
        <m.DataProductOverviewCard />
      )),
  },
});

/** The Dataset overview card, on Dataset entity pages only. */
const datasetOverviewCard = EntityCardBlueprint.make({
  name: 'dataset-overview',
  params: {
    filter: { kind: 'Dataset' },
    type: 'content',
    loader: () =>
      import('./components/DatasetOverviewCard').then(m => (
        <m.DatasetOverviewCard />
      )),
  },
});

/** The Dataset schema card, on Dataset entity pages only. */
const datasetSchemaCard = EntityCardBlueprint.make({
  name: 'dataset-schema',
  params: {
    filter: { kind: 'Dataset' },
    type: 'content',
    loader: () =>
      import('./components/DatasetSchemaCard').then(m => (
        <m.DatasetSchemaCard />
      )),
  },
});

/** The Dataset SLO card, on Dataset entity pages only. */
const datasetSloCard = EntityCardBlueprint.make({
  name: 'dataset-slos',
  params: {
    filter: { kind: 'Dataset' },
    type: 'content',
    loader: () =>
      import('./components/DatasetSloCard').then(m => <m.DatasetSloCard />),
  },
});

/** The Provisioning tab, on DataProduct entity pages only. */
const provisioningContent = EntityContentBlueprint.make({
  name: 'provisioning',
  params: {
    path: 'provisioning',
    title: 'Provisioning',
    filter: { kind: 'DataProduct' },
    loader: () =>
      import('./components/ProvisioningTab').then(m => (
        <m.EntityProvisioningContent />
      )),
  },
});

/**
 * The Meshport data products plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'data-products',
  title: 'Data products',
  extensions: [
    dataProductsApi,
    dataProductOverviewCard,
    datasetOverviewCard,
    datasetSchemaCard,
    datasetSloCard,
    provisioningContent,
  ],
});
