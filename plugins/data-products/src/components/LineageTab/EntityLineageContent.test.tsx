import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  LineageApi,
  lineageApiRef,
} from '@meshport/plugin-data-products-react';
import type {
  LineageGraphResponse,
  LineageUsageResponse,
} from '@meshport/plugin-data-products-common';
import { ordersDataset } from '../../testing/fixtures';
import { EntityLineageContent } from './EntityLineageContent';

const today = new Date().toISOString().slice(0, 10);

const graph: LineageGraphResponse = {
  entityRef: 'dataset:default/orders',
  depth: 3,
  truncated: false,
  datasets: [
    {
      id: 'o',
      namespace: 's3://meshport-dev-datalake',
      name: 'sales/orders',
      datasetRef: 'dataset:default/orders',
      title: 'Orders',
      distance: 0,
      side: 'self',
      fields: [],
    },
    {
      id: 'raw',
      namespace: 'postgres://shop:5432',
      name: 'shop.public.orders',
      distance: 1,
      side: 'upstream',
      fields: [],
    },
    {
      id: 's',
      namespace: 'arn:aws:glue:eu-west-1:111111111111',
      name: 'table/churn/scores',
      datasetRef: 'dataset:default/churn-scores',
      title: 'Churn scores',
      distance: 1,
      side: 'downstream',
      fields: [],
    },
  ],
  jobs: [
    {
      id: 'load',
      namespace: 'sales-orders',
      name: 'load_orders',
      dataProduct: 'dataproduct:default/sales-orders',
      dataProductTitle: 'Sales orders',
      distance: 1,
      side: 'upstream',
      lastRun: { runId: 'r1', state: 'COMPLETE', at: `${today}T08:00:00Z` },
    },
    {
      id: 'score',
      namespace: 'churn',
      name: 'score_customers',
      dataProduct: 'dataproduct:default/churn',
      dataProductTitle: 'Churn',
      distance: 1,
      side: 'downstream',
      lastRun: { runId: 'r2', state: 'FAIL', at: `${today}T09:00:00Z` },
    },
  ],
  edges: [
    { jobId: 'load', datasetId: 'raw', direction: 'input', lastSeen: today },
    { jobId: 'load', datasetId: 'o', direction: 'output', lastSeen: today },
    { jobId: 'score', datasetId: 'o', direction: 'input', lastSeen: today },
    { jobId: 'score', datasetId: 's', direction: 'output', lastSeen: today },
  ],
  columnEdges: [
    {
      datasetId: 's',
      field: 'customer_id',
      inputDatasetId: 'o',
      inputField: 'customer_id',
      jobId: 'score',
      transformation: 'DIRECT/IDENTITY',
    },
  ],
  undeclared: [
    {
      datasetRef: 'dataset:default/orders',
      consumer: 'dataproduct:default/churn',
      consumerTitle: 'Churn',
      job: 'churn/score_customers',
      firstSeen: `${today}T09:00:00Z`,
      lastSeen: `${today}T09:00:00Z`,
      notifiedAt: `${today}T09:00:01Z`,
    },
  ],
};

const usage: LineageUsageResponse = {
  entityRef: 'dataset:default/orders',
  days: 30,
  daily: [
    {
      day: today,
      consumer: 'dataproduct:default/churn',
      consumerTitle: 'Churn',
      reads: 3,
    },
  ],
  lastRead: `${today}T09:00:00Z`,
  readersLast30Days: ['dataproduct:default/churn'],
};

function mockApi(g: LineageGraphResponse = graph) {
  return {
    getLineage: jest.fn(async () => g),
    getUsage: jest.fn(async () => usage),
    getConsumption: jest.fn(async () => ({
      entityRef: 'dataset:default/orders',
      consumers: [],
      inputs: [],
    })),
  } satisfies LineageApi;
}

async function renderTab(api: LineageApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[lineageApiRef, api]]}>
      <EntityProvider entity={ordersDataset}>
        <EntityLineageContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityLineageContent', () => {
  it('shows the jobs with what they read and write and their last run', async () => {
    const api = mockApi();
    await renderTab(api);
    expect(api.getLineage).toHaveBeenCalledWith('dataset:default/orders', 3);

    const jobs = screen.getByRole('table', { name: 'Jobs' });
    const load = within(jobs)
      .getByText('sales-orders/load_orders')
      .closest('tr')!;
    expect(
      within(load as HTMLElement).getByText('shop.public.orders'),
    ).toBeInTheDocument();
    expect(
      within(load as HTMLElement).getByText('Complete'),
    ).toBeInTheDocument();
    const score = within(jobs)
      .getByText('churn/score_customers')
      .closest('tr')!;
    expect(
      within(score as HTMLElement).getByText('Churn scores'),
    ).toBeInTheDocument();
    expect(within(score as HTMLElement).getByText('Fail')).toBeInTheDocument();

    const upstream = screen.getByRole('table', { name: 'Upstream datasets' });
    expect(
      within(upstream).getByText('(not in the catalog)'),
    ).toBeInTheDocument();
    const downstream = screen.getByRole('table', {
      name: 'Downstream datasets',
    });
    expect(
      within(downstream).getByRole('link', { name: 'Churn scores' }),
    ).toHaveAttribute('href', '/catalog/default/dataset/churn-scores');
    expect(
      within(screen.getByRole('table', { name: 'Column lineage' })).getByText(
        'DIRECT/IDENTITY',
      ),
    ).toBeInTheDocument();
  });

  it('flags undeclared consumption and charts reads per consumer', async () => {
    await renderTab(mockApi());
    const alert = screen.getByRole('alert', { name: 'Undeclared consumption' });
    expect(alert).toHaveTextContent(
      /Churn reads orders \(job churn\/score_customers\) without an input port or an access grant/,
    );
    expect(alert).toHaveTextContent(/the owner was told on/);
    expect(
      screen.getByText(/1 reader in the last 30 days/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: /Reads per consumer per day over the last 30 days: 3 in total/,
      }),
    ).toBeInTheDocument();
  });

  it('asks again with more hops', async () => {
    const api = mockApi();
    await renderTab(api);
    await userEvent.click(screen.getByLabelText('Hops'));
    await userEvent.click(await screen.findByRole('option', { name: '5' }));
    expect(api.getLineage).toHaveBeenLastCalledWith(
      'dataset:default/orders',
      5,
    );
  });

  it('explains how to send events when there is no lineage yet', async () => {
    await renderTab(
      mockApi({
        ...graph,
        datasets: [],
        jobs: [],
        edges: [],
        columnEdges: [],
        undeclared: [],
      }),
    );
    expect(screen.getByText('No lineage yet')).toBeInTheDocument();
  });
});
