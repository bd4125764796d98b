import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
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
import { accessRequestsRouteRef, dataHomeRouteRef } from './routes';

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
      lazy: () => import('./components/SloTab').then(m => m.EntitySloContent),
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
        import('./components/DataProductSloSummaryCard').then(
          m => m.DataProductSloSummaryCard,
        ),
    },
  }),
);

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
        import('./components/AccessTab').then(
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
        import('./components/AccessTab').then(
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
      import('./components/AccessRequestsPage').then(m => m.AccessRequestsPage),
    mountPoint: accessRequestsRouteRef,
  }),
);

/**
 * The Retirement tab of a DataProduct: usage and the consumers affected,
 * start / cancel / retire now, and the step checklist with live status.
 *
 * @public
 */
export const EntityRetirementContent = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityRetirementContent',
    component: {
      lazy: () =>
        import('./components/RetirementTab').then(
          m => m.EntityRetirementContent,
        ),
    },
  }),
);

/**
 * A deprecation banner for the pages of a retiring or retired DataProduct
 * and of its Datasets; renders nothing otherwise.
 *
 * @public
 */
export const EntityRetirementBanner = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityRetirementBanner',
    component: {
      lazy: () =>
        import('./components/RetirementTab').then(
          m => m.EntityRetirementBanner,
        ),
    },
  }),
);

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
        import('./components/LineageTab').then(m => m.EntityLineageContent),
    },
  }),
);

/**
 * The Contract tab of a Dataset: its ODCS v3.1 data contract (schema, quality, SLA properties,
 * roles, terms of use) with "Download ODCS".
 *
 * @public
 */
export const EntityContractContent = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityContractContent',
    component: {
      lazy: () =>
        import('./components/ContractTab').then(m => m.EntityContractContent),
    },
  }),
);

/**
 * A DataProduct's ODPS v1.0 descriptor, its ports linked to the datasets' contracts, with
 * "Download ODPS".
 *
 * @public
 */
export const EntityDataProductContractCard = dataProductsPlugin.provide(
  createComponentExtension({
    name: 'EntityDataProductContractCard',
    component: {
      lazy: () =>
        import('./components/DataProductContractCard').then(
          m => m.DataProductContractCard,
        ),
    },
  }),
);

/**
 * The "Data" home page (mount it at `/`): data products and datasets as
 * cards with domain, owner, access, PII and consumers; facets; a search box.
 *
 * @public
 */
export const DataHomePage = dataProductsPlugin.provide(
  createRoutableExtension({
    name: 'DataHomePage',
    component: () => import('./components/DataHome').then(m => m.DataHomePage),
    mountPoint: dataHomeRouteRef,
  }),
);
