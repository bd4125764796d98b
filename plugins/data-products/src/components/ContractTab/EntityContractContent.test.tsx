import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  ContractsApi,
  contractsApiRef,
} from '@meshport/plugin-data-products-react';
import {
  exportDatasetToOdcs,
  findPendingVersions,
  PendingVersion,
} from '@meshport/plugin-data-products-common';
import { ordersDataset } from '../../testing/fixtures';
import { EntityContractContent } from './EntityContractContent';

function mockApi() {
  return {
    // What the backend answers: the real mapping of the fixture, plus terms kept from an import.
    getContract: jest.fn(async () => ({
      ...exportDatasetToOdcs(ordersDataset, { domain: 'sales' }),
      description: {
        purpose: 'One row per order.',
        usage: 'Sales analytics only.',
      },
    })),
    getContractFile: jest.fn(async () => ({
      fileName: 'orders.odcs.yaml',
      text: 'kind: DataContract\n',
    })),
    getPendingVersions: jest.fn(async () => ({
      noticePeriod: '30d',
      pending: [] as PendingVersion[],
    })),
  };
}

async function renderTab(api: ContractsApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[contractsApiRef, api]]}>
      <EntityProvider entity={ordersDataset}>
        <EntityContractContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityContractContent', () => {
  it("shows the dataset's contract section by section", async () => {
    const api = mockApi();
    await renderTab(api);
    expect(api.getContract).toHaveBeenCalledWith(
      'dataset:default/orders',
      'odcs',
    );
    expect(
      await screen.findByText('dataset:default/orders'),
    ).toBeInTheDocument();

    const schema = screen.getByRole('table', { name: 'Schema' });
    const columns = ordersDataset.spec.schema!.columns;
    expect(within(schema).getAllByRole('row')).toHaveLength(columns.length + 1);
    expect(within(schema).getByText(columns[0].name)).toBeInTheDocument();

    const sla = screen.getByRole('table', { name: 'SLA properties' });
    expect(within(sla).getByText('availability')).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Roles' })).getByText(
        'consumer',
      ),
    ).toBeInTheDocument();
    const quality = screen.getByRole('table', { name: 'Quality' });
    // The rule in words with the fixture's numbers (and the defaults) filled in.
    expect(
      within(quality).getByText(
        'Each update has at least 95 % of the average row count of the previous 7 updates (a drop of at most 5 %), on at least 99 % of the updates over 20 days.',
      ),
    ).toBeInTheDocument();
    expect(quality).not.toHaveTextContent(/maxDropPercent|target 99/);
    const terms = screen.getByRole('table', { name: 'Terms of use' });
    expect(
      within(terms).getByText('Sales analytics only.'),
    ).toBeInTheDocument();
  });

  it('downloads the YAML contract from the backend', async () => {
    const api = mockApi();
    const createObjectURL = jest.fn(() => 'blob:contract');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const clicked: string[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicked.push(this.download);
      });
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download ODCS' }),
    );
    expect(api.getContractFile).toHaveBeenCalledWith(
      'dataset:default/orders',
      'odcs',
    );
    expect(clicked).toEqual(['orders.odcs.yaml']);
    expect(createObjectURL).toHaveBeenCalledTimes(1);
  });

  it('says why when the download fails', async () => {
    const api = mockApi();
    api.getContractFile.mockRejectedValueOnce(
      new Error('The catalog could not be read'),
    );
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download ODCS' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The download failed: The catalog could not be read',
    );
  });

  it('shows pending breaking changes of a newer major that replaces the dataset', async () => {
    const api = mockApi();
    const successor = {
      ...ordersDataset,
      metadata: { name: 'orders-v2', title: 'Orders v2' },
      spec: {
        ...ordersDataset.spec,
        version: '2.0.0',
        access: 'private' as const,
        deprecates: {
          version: '1.0.0',
          sunset: '2026-12-20',
          dataset: 'orders',
        },
      },
    };
    api.getPendingVersions.mockResolvedValueOnce({
      noticePeriod: '30d',
      pending: findPendingVersions(ordersDataset, [successor], {
        now: new Date('2026-12-05T12:00:00Z'),
      }),
    });
    await renderTab(api);
    const region = await screen.findByRole('region', {
      name: 'Pending breaking changes',
    });
    expect(region).toHaveTextContent(
      'Pending breaking changes: version 2.0.0 replaces this dataset on 20 December 2026',
    );
    expect(region).toHaveTextContent(
      'Access tightened from restricted to private.',
    );
    expect(region).toHaveTextContent(
      'The sunset is sooner than the notice period of 30d.',
    );
    expect(within(region).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/dataset/orders-v2',
    );
  });

  it('shows no pending changes when no newer major replaces the dataset', async () => {
    await renderTab(mockApi());
    await screen.findByRole('table', { name: 'Schema' });
    expect(
      screen.queryByRole('region', { name: 'Pending breaking changes' }),
    ).not.toBeInTheDocument();
  });
});
