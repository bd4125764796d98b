import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import type { ConsumptionResponse } from '@meshport/plugin-data-products-common';
import { lineageApiRef } from '@meshport/plugin-data-products-react';
import { DataFlowGraphCard } from './DataFlowGraphCard';

const rel = (type: string, targetRef: string) => ({ type, targetRef });

const shipmentsDataset: Entity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'shipments', title: 'Shipments' },
  spec: {},
  relations: [
    rel('ownedBy', 'group:default/team-logistics'),
    rel('outputOf', 'dataproduct:default/logistics'),
  ],
};

const related: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-logistics', title: 'Logistics' },
    spec: { type: 'team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'logistics', title: 'Logistics' },
    spec: {},
  },
  {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: { name: 'logistics', title: 'Logistics Operations' },
    spec: {},
    // A dataset's domain is its product's.
    relations: [rel('partOf', 'domain:default/logistics')],
  },
];

const consumption: ConsumptionResponse = {
  entityRef: 'dataset:default/shipments',
  consumers: [
    {
      consumer: 'dataproduct:default/customer-360',
      consumerTitle: 'Customer 360',
      dataset: 'dataset:default/shipments',
      datasetTitle: 'Shipments',
      state: 'declared',
      declared: true,
      grantedEnvironments: [],
      undeclaredGrant: false,
      undeclaredRead: false,
    },
    {
      consumer: 'dataproduct:default/finance',
      consumerTitle: 'Finance',
      dataset: 'dataset:default/shipments',
      datasetTitle: 'Shipments',
      state: 'granted',
      declared: true,
      grantedEnvironments: ['dev', 'prd'],
      undeclaredGrant: false,
      undeclaredRead: false,
    },
  ],
  inputs: [],
};

async function renderCard() {
  const getEntitiesByRefs = jest.fn(
    async ({ entityRefs }: { entityRefs: string[] }) => ({
      items: entityRefs.map(ref =>
        related.find(
          e =>
            `${e.kind.toLocaleLowerCase('en-US')}:default/${
              e.metadata.name
            }` === ref,
        ),
      ),
    }),
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, { getEntitiesByRefs }],
        [lineageApiRef, { getConsumption: async () => consumption }],
      ]}
    >
      <EntityProvider entity={shipmentsDataset}>
        <DataFlowGraphCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('DataFlowGraphCard', () => {
  it('draws only products and datasets, with the access state on each consumer edge', async () => {
    await renderCard();
    expect(
      await screen.findByRole('heading', { name: 'Data flow' }),
    ).toBeInTheDocument();
    const graph = await screen.findByRole('group', {
      name: 'Data flow of this dataset',
    });
    const nodes = within(graph).getAllByTestId('flow-node');
    expect(nodes.map(n => [n.dataset.kind, n.textContent])).toEqual([
      ['DataProduct', 'Data productLogistics Operations'],
      ['Dataset', 'This datasetShipments'],
      ['DataProduct', 'Data productCustomer 360'],
      ['DataProduct', 'Data productFinance'],
    ]);
    const labels = within(graph).getAllByTestId('flow-edge-label');
    expect(labels.map(l => [l.dataset.state, l.textContent])).toEqual([
      ['declared', 'declared'],
      ['granted', 'granted (dev, prd)'],
    ]);
  });

  it('says the owner and the domain in words, each with its kind, outside the graph', async () => {
    await renderCard();
    expect(await screen.findByTestId('flow-ownership')).toHaveTextContent(
      'Owned by the Logistics team, in the Logistics domain.',
    );
    const graph = screen.getByRole('group', {
      name: 'Data flow of this dataset',
    });
    expect(within(graph).queryByText('Logistics')).not.toBeInTheDocument();
  });
});
