/*
 * The overview cards of the DataProduct and Dataset pages, and the schema card (legacy frontend system).
 */
import { createComponentExtension } from '@backstage/core-plugin-api';
import { dataProductsPlugin } from '../plugin';

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
        import('../components/DataProductOverviewCard').then(
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
        import('../components/DatasetOverviewCard').then(
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
        import('../components/DatasetSchemaCard').then(
          m => m.DatasetSchemaCard,
        ),
    },
  }),
);
