import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  ContractsApi,
  contractsApiRef,
} from '@meshport/plugin-data-products-react';
import { exportDatasetToOdcs } from '@meshport/plugin-data-products-common';
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
  };
}

async function renderTab(api: ContractsApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[contractsApiRef, api]]}>
      <EntityProvider entity={ordersDataset}>
        <EntityContractContent />
      </EntityProvider>
    </TestApiProvider>,
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
});
