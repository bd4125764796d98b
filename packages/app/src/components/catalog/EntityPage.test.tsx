import { screen } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityPresentationApiRef,
  entityRouteRef,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { configApiRef } from '@backstage/core-plugin-api';
import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import {
  catalogGraphApiRef,
  catalogGraphRouteRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import {
  catalogPlugin,
  DefaultEntityPresentationApi,
} from '@backstage/plugin-catalog';
import type { Entity } from '@backstage/catalog-model';
import {
  accessRequestsApiRef,
  contractsApiRef,
  dataProductsApiRef,
  lineageApiRef,
  retirementApiRef,
  slosApiRef,
} from '@meshport/plugin-data-products-react';
import { entityPage } from './EntityPage';

const dataProduct: Entity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'sales-orders', namespace: 'default' },
  spec: { owner: 'team-sales', domain: 'sales', lifecycle: 'production' },
  relations: [{ type: 'hasOutput', targetRef: 'dataset:default/orders' }],
};

const dataset: Entity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'orders', namespace: 'default' },
  spec: {
    dataProduct: 'sales-orders',
    owner: 'team-sales',
    access: 'restricted',
    schema: { columns: [{ name: 'order_id', type: 'string' }] },
    slos: { availability: { target: 99.5 } },
  },
  relations: [
    { type: 'outputOf', targetRef: 'dataproduct:default/sales-orders' },
  ],
};

const config = mockApis.config({
  data: {
    app: { baseUrl: 'http://localhost:3000' },
    backend: { baseUrl: 'http://localhost:7007' },
  },
});

const renderEntityPage = (entity: Entity) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          catalogApiRef,
          {
            getEntityByRef: jest.fn().mockResolvedValue(undefined),
            getEntitiesByRefs: jest.fn().mockResolvedValue({ items: [] }),
            getEntities: jest.fn().mockResolvedValue({ items: [] }),
            getEntityAncestors: jest
              .fn()
              .mockResolvedValue({ rootEntityRef: '', items: [] }),
          },
        ],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
        [permissionApiRef, mockApis.permission()],
        [catalogGraphApiRef, new DefaultCatalogGraphApi()],
        [configApiRef, config],
        [entityPresentationApiRef, DefaultEntityPresentationApi.createLocal()],
        [scmIntegrationsApiRef, ScmIntegrationsApi.fromConfig(config)],
        // The Meshport backends, as the tabs and cards on these pages first see them: nothing yet.
        [
          dataProductsApiRef,
          {
            getProvisioningPlan: jest.fn(async (entityRef: string) => ({
              entityRef,
              mode: 'plan' as const,
              provisioners: [],
              problems: [],
            })),
            listProvisioningRuns: jest.fn(async () => ({
              items: [],
              totalCount: 0,
            })),
          },
        ],
        [
          accessRequestsApiRef,
          {
            listAccessRequests: jest.fn(async () => ({
              items: [],
              totalCount: 0,
            })),
          },
        ],
        [
          slosApiRef,
          {
            getSloSummary: jest.fn(async (ref: string) => ({
              dataProduct: ref,
              evaluatedAt: '2026-11-21T10:00:00.000Z',
              sampleData: false,
              datasets: [],
            })),
          },
        ],
        [
          lineageApiRef,
          {
            getConsumption: jest.fn(async (entityRef: string) => ({
              entityRef,
              consumers: [],
              inputs: [],
            })),
          },
        ],
        [
          contractsApiRef,
          {
            getContract: jest.fn(async () => ({
              outputPorts: [],
              inputPorts: [],
            })),
            getContractFile: jest.fn(),
            getPendingVersions: jest.fn(),
          },
        ],
        [
          retirementApiRef,
          {
            getRetirementStatus: jest.fn(async (entityRef: string) => ({
              entityRef,
            })),
          },
        ],
      ]}
    >
      <EntityProvider entity={entity}>{entityPage}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog': catalogPlugin.routes.catalogIndex,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/catalog-graph': catalogGraphRouteRef,
      },
    },
  );

// The first render loads every lazy card of the page; on a busy CI machine that takes seconds.
jest.setTimeout(30_000);

describe('entityPage', () => {
  it('shows the Meshport overview and the data flow graph for a DataProduct', async () => {
    await renderEntityPage(dataProduct);

    expect(
      await screen.findByRole('heading', { name: 'Data product' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { name: 'Data flow' }),
    ).toBeInTheDocument();
    // The overview card and the data-flow graph both link the dataset.
    for (const link of await screen.findAllByRole('link', {
      name: /^orders$/,
    })) {
      expect(link).toHaveAttribute('href', '/catalog/default/dataset/orders');
    }
    expect(
      await screen.findByRole('tab', { name: 'Provisioning' }),
    ).toBeInTheDocument();
  });

  it.each([
    ['DataProduct', dataProduct],
    ['Dataset', dataset],
  ])(
    'shows About on %s pages without View Source or View TechDocs (no browser opens the repository, no TechDocs here)',
    async (_kind, entity) => {
      await renderEntityPage(entity);

      expect(await screen.findByText('About')).toBeInTheDocument();
      expect((await screen.findAllByText('Owner')).length).toBeGreaterThan(0);
      expect(screen.queryByText('View Source')).not.toBeInTheDocument();
      expect(screen.queryByText('View TechDocs')).not.toBeInTheDocument();
    },
  );

  it('shows overview, schema and SLO cards for a Dataset', async () => {
    await renderEntityPage(dataset);

    expect(
      await screen.findByRole('heading', { name: 'Dataset' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('order_id')).toBeInTheDocument();
    expect(await screen.findByText('Availability')).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { name: 'Data flow' }),
    ).toBeInTheDocument();
  });

  it.each([
    ['DataProduct', dataProduct],
    ['Dataset', dataset],
  ])('has an Access tab on %s pages', async (_kind, entity) => {
    await renderEntityPage(entity);

    expect(await screen.findByRole('tab', { name: 'Access' })).toHaveAttribute(
      'href',
      expect.stringMatching(/\/access$/),
    );
  });
});
