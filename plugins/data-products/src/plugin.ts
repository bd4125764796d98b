import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  DataProductsClient,
  dataProductsApiRef,
} from '@meshport/plugin-data-products-react';
import { SlosClient, slosApiRef } from '@meshport/plugin-data-products-react';
import {
  AccessRequestsClient,
  accessRequestsApiRef,
} from '@meshport/plugin-data-products-react';
import {
  RetirementClient,
  retirementApiRef,
} from '@meshport/plugin-data-products-react';
import {
  LineageClient,
  lineageApiRef,
  ContractsClient,
  contractsApiRef,
} from '@meshport/plugin-data-products-react';
import { accessRequestsRouteRef } from './routes';

/**
 * The Meshport data products plugin for the legacy frontend system: its APIs
 * and routes. Its cards, tabs and pages are in ./extensions, one file per area.
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
    createApiFactory({
      api: slosApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SlosClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: accessRequestsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AccessRequestsClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: contractsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ContractsClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: retirementApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RetirementClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: lineageApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LineageClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    accessRequests: accessRequestsRouteRef,
  },
});
