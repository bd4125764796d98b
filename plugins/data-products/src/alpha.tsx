import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

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

/**
 * The Meshport data products plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'data-products',
  title: 'Data products',
  extensions: [
    dataProductOverviewCard,
    datasetOverviewCard,
    datasetSchemaCard,
    datasetSloCard,
  ],
});
