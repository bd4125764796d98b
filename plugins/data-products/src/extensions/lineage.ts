/*
 * The Lineage tab (legacy frontend system).
 */
import { createComponentExtension } from '@backstage/core-plugin-api';
import { dataProductsPlugin } from '../plugin';

/**
 * The Lineage tab of a Dataset or DataProduct: jobs, upstream and downstream
 * datasets over N hops, column lineage, undeclared consumption and reads per
 * consumer per day, from OpenLineage events.
 *
 * @public
 */
export const EntityLineageContent = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityLineageContent',
    component: {
      lazy: () =>
        import('../components/LineageTab').then(m => m.EntityLineageContent),
    },
  }),
);
