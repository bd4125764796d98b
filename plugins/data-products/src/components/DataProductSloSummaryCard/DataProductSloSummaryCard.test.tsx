import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { SlosApi, slosApiRef } from '@meshport/plugin-data-products-react';
import type { SloSummaryResponse } from '@meshport/plugin-data-products-common';
import { salesOrdersProduct } from '../../testing/fixtures';
import { DataProductSloSummaryCard } from './DataProductSloSummaryCard';

const summary: SloSummaryResponse = {
  dataProduct: 'dataproduct:default/sales-orders',
  evaluatedAt: '2026-11-21T10:00:00.000Z',
  sampleData: false,
  datasets: [
    {
      dataset: 'dataset:default/orders',
      title: 'Orders',
      status: 'breached',
      openBreaches: 1,
      sampleData: false,
      monitoring: true,
      slos: [
        {
          kind: 'availability',
          target: 99.5,
          sli: 99.58158995815899,
          status: 'at-risk',
          errorBudgetRemaining: 0.16,
        },
        {
          kind: 'completeness',
          target: 99,
          sli: 95,
          status: 'breached',
          errorBudgetRemaining: -4,
        },
      ],
    },
    {
      dataset: 'dataset:default/order-lines',
      title: 'order-lines',
      status: 'met',
      openBreaches: 0,
      sampleData: false,
      monitoring: true,
      slos: [
        {
          kind: 'freshness',
          target: 95,
          sli: 100,
          status: 'met',
          errorBudgetRemaining: 1,
        },
      ],
    },
    {
      dataset: 'dataset:default/orders-legacy-csv',
      title: 'orders-legacy-csv',
      openBreaches: 0,
      sampleData: false,
      monitoring: false,
      slos: [],
    },
  ],
};

function mockApi(
  getSloSummary: SlosApi['getSloSummary'] = async () => summary,
) {
  return {
    getDatasetSloReport: jest.fn(),
    getSloSummary: jest.fn(getSloSummary),
    getSloStatuses: jest.fn(),
    createSloMeasurements: jest.fn(),
  } satisfies SlosApi;
}

async function renderCard(api: SlosApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[slosApiRef, api]]}>
      <EntityProvider entity={salesOrdersProduct}>
        <DataProductSloSummaryCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const rowOf = (title: string) =>
  screen.getByRole('link', { name: title }).closest('tr') as HTMLElement;

describe('DataProductSloSummaryCard', () => {
  it('asks for the summary of the product on the page', async () => {
    const api = mockApi();
    await renderCard(api);

    expect(api.getSloSummary).toHaveBeenCalledWith(
      'dataproduct:default/sales-orders',
    );
  });

  it("shows each dataset's status and SLIs against targets", async () => {
    await renderCard(mockApi());

    const orders = rowOf('Orders');
    expect(within(orders).getByText('Breached')).toBeInTheDocument();
    expect(within(orders).getByText('99.58%')).toBeInTheDocument();
    expect(within(orders).getByText('target 99.5%')).toBeInTheDocument();
    expect(within(orders).getByText('95%')).toBeInTheDocument();
    expect(within(orders).getByText('target 99%')).toBeInTheDocument();
    expect(within(orders).getByText('not declared')).toBeInTheDocument();
    expect(within(orders).getAllByRole('cell').at(-1)).toHaveTextContent('1');

    const lines = rowOf('order-lines');
    expect(within(lines).getByText('Met')).toBeInTheDocument();
    expect(within(lines).getByText('100%')).toBeInTheDocument();
    expect(within(lines).getAllByText('not declared')).toHaveLength(2);

    const legacy = rowOf('orders-legacy-csv');
    expect(within(legacy).getByText('No SLOs declared')).toBeInTheDocument();
    expect(within(legacy).getByText('monitoring stopped')).toBeInTheDocument();
  });

  it('links each dataset to its SLOs tab', async () => {
    await renderCard(mockApi());

    expect(screen.getByRole('link', { name: 'Orders' })).toHaveAttribute(
      'href',
      '/catalog/default/dataset/orders/slos',
    );
    expect(screen.getByRole('link', { name: 'order-lines' })).toHaveAttribute(
      'href',
      '/catalog/default/dataset/order-lines/slos',
    );
  });

  it('labels sample data', async () => {
    await renderCard(mockApi(async () => ({ ...summary, sampleData: true })));

    expect(screen.getByRole('note', { name: 'Sample data' })).toHaveTextContent(
      /generated measurements/,
    );
  });

  it('shows no sample label for real measurements', async () => {
    await renderCard(mockApi());

    expect(screen.getByRole('table')).toBeInTheDocument();
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });

  it('says so when the product has no datasets', async () => {
    await renderCard(mockApi(async () => ({ ...summary, datasets: [] })));

    expect(screen.getByText(/shares no datasets yet/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the error when the backend fails', async () => {
    await renderCard(
      mockApi(async () => {
        throw new Error('Request failed with 500 Internal Server Error');
      }),
    );

    expect(
      (await screen.findAllByText(/Request failed with 500/))[0],
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
