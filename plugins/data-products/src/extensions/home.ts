/*
 * The "Data" home page (legacy frontend system).
 */
import { createRoutableExtension } from '@backstage/core-plugin-api';
import { dataProductsPlugin } from '../plugin';
import { dataHomeRouteRef } from '../routes';

/**
 * The "Data" home page (mount it at `/`): data products and datasets as
 * cards with domain, owner, access, PII and consumers; facets; a search box.
 *
 * @public
 */
export const DataHomePage = dataProductsPlugin.provide(
  createRoutableExtension({
    name: 'DataHomePage',
    component: () => import('../components/DataHome').then(m => m.DataHomePage),
    mountPoint: dataHomeRouteRef,
  }),
);
