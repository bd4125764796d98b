import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { contractsApiRef } from '@meshport/plugin-data-products-react';
import { exportDataProductToOdps } from '@meshport/plugin-data-products-common';
import {
  orderLinesDataset,
  ordersDataset,
  salesOrdersProduct,
} from '../../testing/fixtures';
import { DataProductContractCard } from './DataProductContractCard';

describe('DataProductContractCard', () => {
  it('counts the ports and downloads the ODPS document', async () => {
    const api = {
      getContract: jest.fn(async () =>
        exportDataProductToOdps(salesOrdersProduct, {
          datasets: [ordersDataset, orderLinesDataset],
        }),
      ),
      getContractFile: jest.fn(async () => ({
        fileName: 'sales-orders.odps.yaml',
        text: 'kind: DataProduct\n',
      })),
      getPendingVersions: jest.fn(),
    };
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:odps'),
      revokeObjectURL: jest.fn(),
    });
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await renderInTestApp(
      <TestApiProvider apis={[[contractsApiRef, api]]}>
        <EntityProvider entity={salesOrdersProduct}>
          <DataProductContractCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/2 output ports and \d+ input ports/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Download ODPS' }),
    );
    expect(api.getContractFile).toHaveBeenCalledWith(
      'dataproduct:default/sales-orders',
      'odps',
    );
  });
});
