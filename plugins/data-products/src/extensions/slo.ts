/*
 * SLO views: a Dataset's card and tab, a DataProduct's summary (legacy frontend system).
 */
import { createComponentExtension } from '@backstage/core-plugin-api';
import { dataProductsPlugin } from '../plugin';

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
        import('../components/DatasetSloCard').then(m => m.DatasetSloCard),
    },
  }),
);

/**
 * The SLOs tab of a Dataset: each SLO's current value against its target,
 * status, error budget, burn rate, a chart of the window and the recent
 * breaches.
 *
 * @public
 */
export const EntitySloContent = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntitySloContent',
    component: {
      lazy: () => import('../components/SloTab').then(m => m.EntitySloContent),
    },
  }),
);

/**
 * The SLO status of every dataset of a DataProduct at a glance, linking to
 * each dataset's SLOs tab.
 *
 * @public
 */
export const EntityDataProductSloSummaryCard = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityDataProductSloSummaryCard',
    component: {
      lazy: () =>
        import('../components/DataProductSloSummaryCard').then(
          m => m.DataProductSloSummaryCard,
        ),
    },
  }),
);
