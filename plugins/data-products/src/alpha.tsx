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
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import {
  AccessRequestsClient,
  accessRequestsApiRef,
} from '@meshport/plugin-data-products-react';
import {
  accessRequestsRouteRef,
  cliLoginRouteRef,
  dataHomeRouteRef,
} from './routes';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import StorageIcon from '@material-ui/icons/Storage';
import {
  dataProductEnvironmentsFormFieldExtension,
  dataProductNameFormFieldExtension,
  dataProductOwnerFormFieldExtension,
  dataProductSchemaFormFieldExtension,
  dataProductEntityTitleFormFieldExtension,
  dataProductPickerFormFieldExtension,
  dataProductSchemaSummaryFormFieldExtension,
} from './components/scaffolder/alpha';
import {
  DataProductsClient,
  dataProductsApiRef,
} from '@meshport/plugin-data-products-react';
import { SlosClient, slosApiRef } from '@meshport/plugin-data-products-react';
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

/** The client of the backend's SLO routes, used by the SLOs tab and card. */
const slosApi = ApiBlueprint.make({
  name: 'slos',
  params: defineParams =>
    defineParams({
      api: slosApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SlosClient({ discoveryApi, fetchApi }),
    }),
});

/** The SLOs tab, on Dataset entity pages only. */
const sloContent = EntityContentBlueprint.make({
  name: 'slos',
  params: {
    path: 'slos',
    title: 'SLOs',
    filter: { kind: 'Dataset' },
    loader: () =>
      import('./components/SloTab').then(m => <m.EntitySloContent />),
  },
});

/** The SLO summary of a product's datasets, on DataProduct entity pages only. */
const dataProductSloSummaryCard = EntityCardBlueprint.make({
  name: 'data-product-slos',
  params: {
    filter: { kind: 'DataProduct' },
    type: 'content',
    loader: () =>
      import('./components/DataProductSloSummaryCard').then(m => (
        <m.DataProductSloSummaryCard />
      )),
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

/** The client of the access-requests routes. */
const accessRequestsApi = ApiBlueprint.make({
  name: 'access-requests',
  params: defineParams =>
    defineParams({
      api: accessRequestsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AccessRequestsClient({ discoveryApi, fetchApi }),
    }),
});

/** The Access tab, on Dataset entity pages. */
const datasetAccessContent = EntityContentBlueprint.make({
  name: 'dataset-access',
  params: {
    path: 'access',
    title: 'Access',
    filter: { kind: 'Dataset' },
    loader: () =>
      import('./components/AccessTab').then(m => (
        <m.EntityDatasetAccessContent />
      )),
  },
});

/** The Access tab (inputs and consumers), on DataProduct entity pages. */
const dataProductAccessContent = EntityContentBlueprint.make({
  name: 'data-product-access',
  params: {
    path: 'access',
    title: 'Access',
    filter: { kind: 'DataProduct' },
    loader: () =>
      import('./components/AccessTab').then(m => (
        <m.EntityDataProductAccessContent />
      )),
  },
});

/** The client of the retirement routes. */
const retirementApi = ApiBlueprint.make({
  name: 'retirement',
  params: defineParams =>
    defineParams({
      api: retirementApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RetirementClient({ discoveryApi, fetchApi }),
    }),
});

/** The Retirement tab, on DataProduct entity pages. */
const retirementContent = EntityContentBlueprint.make({
  name: 'retirement',
  params: {
    path: 'retirement',
    title: 'Retirement',
    filter: { kind: 'DataProduct' },
    loader: () =>
      import('./components/RetirementTab').then(m => (
        <m.EntityRetirementContent />
      )),
  },
});

/** The client of the lineage routes. */
const lineageApi = ApiBlueprint.make({
  name: 'lineage',
  params: defineParams =>
    defineParams({
      api: lineageApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LineageClient({ discoveryApi, fetchApi }),
    }),
});

/** The Lineage tab, on Dataset and DataProduct entity pages. */
const lineageContent = EntityContentBlueprint.make({
  name: 'lineage',
  params: {
    path: 'lineage',
    title: 'Lineage',
    filter: { kind: { $in: ['DataProduct', 'Dataset'] } },
    loader: () =>
      import('./components/LineageTab').then(m => <m.EntityLineageContent />),
  },
});

/** The deprecation banner of a retiring product and its datasets (empty otherwise). */
const retirementBanner = EntityCardBlueprint.make({
  name: 'retirement-banner',
  params: {
    filter: { kind: { $in: ['DataProduct', 'Dataset'] } },
    type: 'content',
    loader: () =>
      import('./components/RetirementTab').then(m => (
        <m.EntityRetirementBanner />
      )),
  },
});

/**
 * The data-flow graph (product -> dataset -> consuming product, with each consumer's access
 * state; owner and domain in text), on DataProduct and Dataset entity pages.
 */
const dataFlowGraphCard = EntityCardBlueprint.make({
  name: 'data-flow-graph',
  params: {
    filter: { kind: { $in: ['DataProduct', 'Dataset'] } },
    type: 'content',
    loader: () =>
      import('./components/DataFlowGraphCard').then(m => (
        <m.DataFlowGraphCard />
      )),
  },
});

/** The "Access requests" page at /access-requests, with its nav item. */
const accessRequestsPage = PageBlueprint.make({
  name: 'access-requests',
  params: {
    path: '/access-requests',
    title: 'Access requests',
    icon: <LockOpenIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(accessRequestsRouteRef),
    loader: () =>
      import('./components/AccessRequestsPage').then(m => (
        <m.AccessRequestsPage noHeader />
      )),
  },
});

/**
 * The Meshport data products plugin for the new frontend system.
 *
 * @alpha
 */
/** The client of the contracts routes (ODCS / ODPS documents). */
const contractsApi = ApiBlueprint.make({
  name: 'contracts',
  params: defineParams =>
    defineParams({
      api: contractsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ContractsClient({ discoveryApi, fetchApi }),
    }),
});

/** The Contract tab, on Dataset entity pages only. */
const contractContent = EntityContentBlueprint.make({
  name: 'contract',
  params: {
    path: 'contract',
    title: 'Contract',
    filter: { kind: 'Dataset' },
    loader: () =>
      import('./components/ContractTab').then(m => <m.EntityContractContent />),
  },
});

/** The ODPS descriptor card with "Download ODPS", on DataProduct entity pages only. */
const dataProductContractCard = EntityCardBlueprint.make({
  name: 'data-product-contract',
  params: {
    filter: { kind: 'DataProduct' },
    type: 'content',
    loader: () =>
      import('./components/DataProductContractCard').then(m => (
        <m.DataProductContractCard />
      )),
  },
});

/** The "Data" home at the portal's `/`: cards, facets, a search box, what waits for the viewer. */
const dataHomePage = PageBlueprint.make({
  name: 'data-home',
  params: {
    path: '/',
    title: 'Data',
    icon: <StorageIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(dataHomeRouteRef),
    loader: () =>
      import('./components/DataHome').then(m => <m.DataHomePage noHeader />),
  },
});

/** The page `meshport login` opens (no nav item: the CLI links to it). */
const cliLoginPage = PageBlueprint.make({
  name: 'cli-login',
  params: {
    path: '/meshport/cli-login',
    routeRef: convertLegacyRouteRef(cliLoginRouteRef),
    noHeader: true,
    loader: () =>
      import('./components/CliLoginPage').then(m => <m.CliLoginPage />),
  },
});

/** Search results of the Meshport collator: kind, product, access, the matched column. */
const searchResultListItem = SearchResultListItemBlueprint.make({
  name: 'data-products',
  params: {
    predicate: result => result.type === 'data-products',
    component: () =>
      import('./components/SearchResult').then(
        m => m.DataProductsSearchResultListItem as any,
      ),
  },
});

/** "Data products and datasets" among the search page's result types. */
const searchResultType = SearchFilterResultTypeBlueprint.make({
  name: 'data-products',
  params: {
    value: 'data-products',
    name: 'Data products and datasets',
    icon: <StorageIcon />,
  },
});

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
    slosApi,
    sloContent,
    dataProductSloSummaryCard,
    accessRequestsApi,
    datasetAccessContent,
    dataProductAccessContent,
    accessRequestsPage,
    dataHomePage,
    cliLoginPage,
    searchResultListItem,
    searchResultType,
    retirementApi,
    retirementContent,
    retirementBanner,
    lineageApi,
    lineageContent,
    dataFlowGraphCard,
    dataProductNameFormFieldExtension,
    dataProductEnvironmentsFormFieldExtension,
    contractsApi,
    contractContent,
    dataProductContractCard,
    dataProductOwnerFormFieldExtension,
    dataProductSchemaFormFieldExtension,
    dataProductEntityTitleFormFieldExtension,
    dataProductPickerFormFieldExtension,
    dataProductSchemaSummaryFormFieldExtension,
  ],
  routes: {
    accessRequests: convertLegacyRouteRef(accessRequestsRouteRef),
    cliLogin: convertLegacyRouteRef(cliLoginRouteRef),
  },
});
