import { screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { DataProductOverviewCard } from './DataProductOverviewCard';
import {
  bareProduct,
  orderLinesDataset,
  ordersDataset,
  salesOrdersProduct,
} from '../../testing/fixtures';

const renderCard = (entity: Entity, relatedEntities: Entity[] = []) => {
  const getEntitiesByRefs = jest
    .fn()
    .mockResolvedValue({ items: relatedEntities });
  return renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, { getEntitiesByRefs }]]}>
      <EntityProvider entity={entity}>
        <DataProductOverviewCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
};

describe('DataProductOverviewCard', () => {
  it('shows owner, domain, lifecycle, type, environments and description', async () => {
    await renderCard(salesOrdersProduct, [ordersDataset, orderLinesDataset]);

    expect(
      screen.getByText(
        'Every order placed in the web shop, cleaned and deduplicated.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /team-sales/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-sales',
    );
    expect(screen.getByRole('link', { name: /^sales$/ })).toHaveAttribute(
      'href',
      '/catalog/default/domain/sales',
    );
    expect(screen.getByText('production')).toBeInTheDocument();
    expect(screen.getByText('source-aligned')).toBeInTheDocument();
    expect(screen.getByText('dev')).toBeInTheDocument();
    expect(screen.getByText('prd')).toBeInTheDocument();
  });

  it('links the support channels that have a URL', async () => {
    await renderCard(salesOrdersProduct);

    expect(
      screen.getByRole('link', { name: /#sales-data \(slack\)/ }),
    ).toHaveAttribute('href', 'https://slack.example.com/sales-data');
    expect(
      screen.getByText('sales-data@example.com (email)'),
    ).not.toHaveAttribute('href');
  });

  it('lists each input port with a link to its dataset and its purpose', async () => {
    await renderCard(salesOrdersProduct);

    expect(screen.getByRole('link', { name: /customers/ })).toHaveAttribute(
      'href',
      '/catalog/default/dataset/customers',
    );
    expect(
      screen.getByText('Join orders to customer segments'),
    ).toBeInTheDocument();
  });

  it('lists the datasets it outputs with their access levels', async () => {
    await renderCard(salesOrdersProduct, [ordersDataset, orderLinesDataset]);

    expect(screen.getByRole('link', { name: /^orders$/ })).toHaveAttribute(
      'href',
      '/catalog/default/dataset/orders',
    );
    expect(screen.getByRole('link', { name: /order-lines/ })).toHaveAttribute(
      'href',
      '/catalog/default/dataset/order-lines',
    );
    await waitFor(() =>
      expect(screen.getByText('restricted')).toBeInTheDocument(),
    );
    expect(screen.getByText('unrestricted')).toBeInTheDocument();
  });

  it('still lists the output datasets when they cannot be fetched', async () => {
    const getEntitiesByRefs = jest
      .fn()
      .mockRejectedValue(new Error('catalog is down'));
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, { getEntitiesByRefs }]]}>
        <EntityProvider entity={salesOrdersProduct}>
          <DataProductOverviewCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(screen.getByRole('link', { name: /^orders$/ })).toBeInTheDocument();
    expect(
      await screen.findByText(/Could not load the datasets' access levels/),
    ).toBeInTheDocument();
  });

  it('renders a product with only the required fields', async () => {
    await renderCard(bareProduct);

    expect(
      screen.getByText('This data product consumes no datasets.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/No datasets yet/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /team-sales/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-sales',
    );
  });

  it('says so when placed on the page of another kind', async () => {
    await renderCard(ordersDataset);

    expect(
      screen.getByText('This card shows DataProduct entities only.'),
    ).toBeInTheDocument();
  });
});
