import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { lineageApiRef } from '@meshport/plugin-data-products-react';
import { DatasetOverviewCard } from './DatasetOverviewCard';
import {
  bareDataset,
  ordersDataset,
  salesOrdersProduct,
} from '../../testing/fixtures';

/** What the server's consumption model says of orders. */
const consumption = {
  entityRef: 'dataset:default/orders',
  consumers: [
    {
      consumer: 'dataproduct:default/marketing-360',
      consumerTitle: 'Marketing 360',
      dataset: 'dataset:default/orders',
      datasetTitle: 'Orders',
      state: 'declared' as const,
      declared: true,
      grantedEnvironments: [],
      undeclaredGrant: false,
      undeclaredRead: false,
    },
    {
      consumer: 'dataproduct:default/churn',
      consumerTitle: 'Churn',
      dataset: 'dataset:default/orders',
      datasetTitle: 'Orders',
      state: 'granted' as const,
      declared: false,
      grantedEnvironments: ['dev', 'prd'],
      undeclaredGrant: true,
      undeclaredRead: false,
    },
  ],
  inputs: [],
};

const renderCard = (entity: Entity, relatedEntities: Entity[] = []) => {
  const getEntitiesByRefs = jest
    .fn()
    .mockResolvedValue({ items: relatedEntities });
  const getConsumption = jest.fn(async (ref: string) =>
    ref === 'dataset:default/orders'
      ? consumption
      : { entityRef: ref, consumers: [], inputs: [] },
  );
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, { getEntitiesByRefs }],
        [lineageApiRef, { getConsumption }],
      ]}
    >
      <EntityProvider entity={entity}>
        <DatasetOverviewCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
};

describe('DatasetOverviewCard', () => {
  it('links the owner and the producing data product', async () => {
    await renderCard(ordersDataset, [salesOrdersProduct]);

    expect(screen.getByText('One row per order.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /team-sales/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-sales',
    );
    expect(
      screen.getByRole('link', { name: /^sales-orders$/ }),
    ).toHaveAttribute('href', '/catalog/default/dataproduct/sales-orders');
  });

  it('shows the domain of the producing data product once it is known', async () => {
    await renderCard(ordersDataset, [salesOrdersProduct]);

    expect(
      await screen.findByRole('link', { name: /^sales$/ }),
    ).toHaveAttribute('href', '/catalog/default/domain/sales');
  });

  it('leaves the domain out when the producing product cannot be found', async () => {
    await renderCard(ordersDataset, []);

    expect(screen.queryByText('Domain')).not.toBeInTheDocument();
    expect(screen.getByText('Owner')).toBeInTheDocument();
  });

  it('shows the access level with what it means', async () => {
    await renderCard(ordersDataset);

    expect(screen.getByText('restricted')).toBeInTheDocument();
    expect(
      screen.getByTitle(
        "Any data product may request access; the dataset's owner approves each request.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('production')).toBeInTheDocument();
  });

  it('lists the data outputs with type, location and format', async () => {
    await renderCard(ordersDataset);

    const table = screen.getByRole('table', { name: 'Data outputs' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[1]).getByText('S3')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('s3://datalake/sales/orders/'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('parquet')).toBeInTheDocument();
    expect(within(rows[2]).getByText('glue: sales.*')).toBeInTheDocument();
    expect(within(rows[3]).getByText('glue: sales.orders')).toBeInTheDocument();
  });

  it('lists the consumers as the server sees them: declared, granted, undeclared', async () => {
    await renderCard(ordersDataset);

    const list = await screen.findByRole('list', { name: 'Consumers' });
    expect(
      within(list).getByRole('link', { name: 'Marketing 360' }),
    ).toHaveAttribute('href', '/catalog/default/dataproduct/marketing-360');
    expect(list).toHaveTextContent('Marketing 360 — Declared, no access yet');
    expect(list).toHaveTextContent(
      'Churn — Granted (dev, prd) (holds access without declaring an input port)',
    );
  });

  it('renders a dataset without outputs, consumers or relations', async () => {
    await renderCard(bareDataset);

    expect(
      screen.getByText('No data outputs declared yet.'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No data product consumes this dataset yet.'),
    ).toBeInTheDocument();
    expect(screen.getByText('private')).toBeInTheDocument();
    expect(
      screen.getByTitle(
        'Access cannot be requested; only the producing data product reads it.',
      ),
    ).toBeInTheDocument();
  });

  it('says so when placed on the page of another kind', async () => {
    await renderCard(salesOrdersProduct);

    expect(
      screen.getByText('This card shows Dataset entities only.'),
    ).toBeInTheDocument();
  });
});
