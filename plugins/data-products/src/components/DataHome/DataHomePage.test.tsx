import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import {
  accessRequestsApiRef,
  slosApiRef,
} from '@meshport/plugin-data-products-react';
import type {
  SloStatus,
  SloStatusItem,
} from '@meshport/plugin-data-products-common';
import { DataHomePage } from './DataHomePage';

const dataset = (name: string, product: string): Entity => ({
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name, title: name.toUpperCase() },
  spec: { access: 'restricted', schema: { columns: [] } },
  relations: [
    { type: 'outputOf', targetRef: `dataproduct:default/${product}` },
    { type: 'ownedBy', targetRef: 'group:default/team-sales' },
  ],
});
const product: Entity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'sales', title: 'Sales' },
  spec: {},
  relations: [{ type: 'partOf', targetRef: 'domain:default/commerce' }],
};

function renderHome() {
  const catalog = {
    queryEntities: jest.fn(async (request: any) => {
      if (request.filter?.['relations.ownedBy']) {
        return { items: [], totalItems: 3, pageInfo: {} };
      }
      if (request.cursor === 'page-2') {
        return {
          items: [dataset('returns', 'sales')],
          totalItems: 3,
          pageInfo: {},
        };
      }
      return {
        items: [dataset('orders', 'sales'), dataset('refunds', 'sales')],
        totalItems: 3,
        pageInfo: { nextCursor: 'page-2' },
      };
    }),
    getEntityFacets: jest.fn(async () => ({
      facets: {
        kind: [
          { value: 'Dataset', count: 10000 },
          { value: 'DataProduct', count: 1000 },
        ],
        'spec.access': [{ value: 'restricted', count: 6667 }],
      },
    })),
    getEntitiesByRefs: jest.fn(async () => ({ items: [product] })),
  };
  const access = {
    listAccessRequests: jest.fn(async () => ({ items: [], totalCount: 2 })),
  };
  const statuses: SloStatusItem[] = [
    { entityRef: 'dataproduct:default/sales', status: 'breached' },
    { entityRef: 'dataproduct:team-b/other', status: 'breached' },
    { entityRef: 'dataset:default/orders', status: 'breached' },
    { entityRef: 'dataset:default/refunds', status: 'met' },
  ];
  const slos = {
    getSloStatuses: jest.fn(async (filter?: { status?: SloStatus[] }) => ({
      evaluatedAt: '2026-11-23T12:30:00.000Z',
      items: statuses.filter(
        i => !filter?.status || filter.status.includes(i.status),
      ),
    })),
  };
  const identity = {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: ['group:default/team-sales'],
    }),
  };
  return {
    catalog,
    slos,
    rendered: renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalog],
          [accessRequestsApiRef, access],
          [identityApiRef, identity],
          [slosApiRef, slos],
        ]}
      >
        <DataHomePage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    ),
  };
}

jest.setTimeout(60_000);

describe('DataHomePage', () => {
  it('shows one page of cards from the catalog, facets it counted, and more on request', async () => {
    const { catalog, rendered } = renderHome();
    await rendered;
    const grid = await screen.findByLabelText('Data');
    await within(grid).findByText('ORDERS');
    expect(within(grid).getByText('REFUNDS')).toBeInTheDocument();
    // unfiltered, the total is the catalog's kind facet counts (the page is not counted)
    expect(await screen.findByText('2 of 11000')).toBeInTheDocument();
    // the datasets' domain, from their product in one request
    await waitFor(() =>
      expect(within(grid).getAllByText('commerce').length).toBe(2),
    );
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledWith(
      expect.objectContaining({ entityRefs: ['dataproduct:default/sales'] }),
    );
    // a page, not the catalog: one query for the cards with a limit
    const pageQuery = catalog.queryEntities.mock.calls.find(
      ([r]: any) => !r.filter?.['relations.ownedBy'],
    )![0];
    expect(pageQuery).toMatchObject({
      limit: 24,
      filter: [{ kind: ['DataProduct', 'Dataset'] }],
      totalItems: 'exclude',
    });
    expect(screen.getByLabelText('My products')).toHaveTextContent(
      '3 data products my teams own',
    );

    fireEvent.mouseDown(screen.getByLabelText('Kind'));
    expect(
      await screen.findByRole('option', { name: 'Dataset (10000)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('option', { name: 'Data product (1000)' }),
    ).toBeInTheDocument();
    fireEvent.keyDown(screen.getByRole('listbox'), { key: 'Escape' });

    fireEvent.click(screen.getByText('Show more'));
    await within(grid).findByText('RETURNS');
    expect(catalog.queryEntities).toHaveBeenCalledWith(
      expect.objectContaining({ cursor: 'page-2', limit: 24 }),
    );
    expect(screen.getByText('3 of 11000')).toBeInTheDocument();
    expect(screen.queryByText('Show more')).not.toBeInTheDocument();
  });

  it('asks the catalog again when a facet is chosen', async () => {
    const { catalog, rendered } = renderHome();
    await rendered;
    await screen.findByText('ORDERS');
    fireEvent.mouseDown(screen.getByLabelText('Access'));
    fireEvent.click(
      await screen.findByRole('option', { name: 'restricted (6667)' }),
    );
    await waitFor(() =>
      expect(catalog.queryEntities).toHaveBeenCalledWith(
        expect.objectContaining({
          filter: [
            { kind: ['DataProduct', 'Dataset'], 'spec.access': 'restricted' },
          ],
          totalItems: 'include',
        }),
      ),
    );
  });

  it("shows each card's SLO status from one request for them all", async () => {
    const { slos, rendered } = renderHome();
    await rendered;
    const grid = await screen.findByLabelText('Data');
    const orders = await within(grid).findByLabelText('ORDERS');
    expect(
      await within(orders).findByLabelText('SLO status: Breached'),
    ).toHaveTextContent('Breached');
    expect(
      within(within(grid).getByLabelText('REFUNDS')).getByLabelText(
        'SLO status: Met',
      ),
    ).toHaveTextContent('Met');
    expect(slos.getSloStatuses).toHaveBeenCalledTimes(1);
  });

  it('pages through the catalog for the refs of the SLO status chosen', async () => {
    const { catalog, slos, rendered } = renderHome();
    await rendered;
    await screen.findByText('ORDERS');
    fireEvent.mouseDown(screen.getByLabelText('SLO status'));
    expect(
      await screen.findByRole('option', { name: 'Met (1)' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: /At risk/ })).toBeNull();
    fireEvent.click(screen.getByRole('option', { name: 'Breached (3)' }));
    await waitFor(() =>
      expect(catalog.queryEntities).toHaveBeenCalledWith(
        expect.objectContaining({
          filter: [
            {
              kind: 'dataproduct',
              'metadata.namespace': 'default',
              'metadata.name': ['sales'],
            },
            {
              kind: 'dataproduct',
              'metadata.namespace': 'team-b',
              'metadata.name': ['other'],
            },
            {
              kind: 'dataset',
              'metadata.namespace': 'default',
              'metadata.name': ['orders'],
            },
          ],
          limit: 24,
          totalItems: 'include',
        }),
      ),
    );
    expect(slos.getSloStatuses).toHaveBeenCalledWith({
      status: ['breached'],
    });
  });
});
