/*
 * Access requests: the Access tabs and the "Access requests" page (legacy frontend system).
 */
import {
  createComponentExtension,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { dataProductsPlugin } from '../plugin';
import { accessRequestsRouteRef } from '../routes';

/**
 * The Access tab of a Dataset: current consumers (revoke), pending requests
 * (approve / deny with a note), the "Request access" form and closed requests.
 *
 * @public
 */
export const EntityDatasetAccessContent = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityDatasetAccessContent',
    component: {
      lazy: () =>
        import('../components/AccessTab').then(
          m => m.EntityDatasetAccessContent,
        ),
    },
  }),
);

/**
 * The access view of a DataProduct: its inputs (the datasets it asked for,
 * with their status) and the consumers of its datasets.
 *
 * @public
 */
export const EntityDataProductAccessContent = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityDataProductAccessContent',
    component: {
      lazy: () =>
        import('../components/AccessTab').then(
          m => m.EntityDataProductAccessContent,
        ),
    },
  }),
);

/**
 * The "Access requests" page: the requests awaiting the user's decision and
 * the user's own requests. Mount it at `/access-requests`.
 *
 * @public
 */
export const AccessRequestsPage = dataProductsPlugin.provide(
  createRoutableExtension({
    name: 'AccessRequestsPage',
    component: () =>
      import('../components/AccessRequestsPage').then(
        m => m.AccessRequestsPage,
      ),
    mountPoint: accessRequestsRouteRef,
  }),
);
