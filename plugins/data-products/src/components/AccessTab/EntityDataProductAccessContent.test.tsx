import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { dataProductsAccessRequestCreatePermission } from '@meshport/plugin-data-products-common';
import { EntityDataProductAccessContent } from './EntityDataProductAccessContent';
import {
  ERIN,
  FORECAST_REF,
  GUEST,
  accessRequest,
  carrierPerformance,
  logisticsShipments,
  mockAccessApi,
  salesForecast,
} from './__testUtils__/testData';
import { renderAccessView } from './__testUtils__/testUtils';

jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

async function rowOf(tableName: string, text: string) {
  const table = await screen.findByRole('table', { name: tableName });
  const row = within(table)
    .getAllByRole('row')
    .find(r => within(r).queryByText(text));
  if (!row) throw new Error(`no row with ${text} in ${tableName}`);
  return row;
}

describe('EntityDataProductAccessContent', () => {
  it('lists the inputs of the product with their status', async () => {
    const api = mockAccessApi([
      accessRequest({ status: 'pending' }),
      accessRequest({
        dataset: 'dataset:default/order-lines',
        status: 'granted',
        provisioning: 'applied',
        validFrom: '2026-11-01T00:00:00.000Z',
      }),
      accessRequest({ consumer: 'dataproduct:default/other' }),
    ]);
    await renderAccessView(
      <EntityProvider entity={salesForecast}>
        <EntityDataProductAccessContent />
      </EntityProvider>,
      { api },
    );

    expect(
      within(await rowOf('Inputs', 'carrier-performance')).getByText('pending'),
    ).toBeInTheDocument();
    expect(
      within(await rowOf('Inputs', 'order-lines')).getByText('granted'),
    ).toBeInTheDocument();
    expect(api.listAccessRequests).toHaveBeenCalledWith(
      expect.objectContaining({ consumer: FORECAST_REF }),
    );
    const inputs = await screen.findByRole('table', { name: 'Inputs' });
    // header + the product's two requests, not the other product's
    expect(within(inputs).getAllByRole('row')).toHaveLength(3);
  });

  it('points out declared input ports that were never requested', async () => {
    const api = mockAccessApi([accessRequest({ status: 'granted' })]);
    await renderAccessView(
      <EntityProvider entity={salesForecast}>
        <EntityDataProductAccessContent />
      </EntityProvider>,
      { api },
    );

    const row = await rowOf('Input ports without a request', 'order-lines');
    expect(within(row).getByText('Past sales per channel')).toBeInTheDocument();
    // the server would refuse this viewer a request for the product: no button, and why
    expect(
      within(row).queryByRole('button', { name: 'Request access' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/the product's owners can ask/),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', {
      name: 'Input ports without a request',
    });
    expect(
      within(table).queryByText('carrier-performance'),
    ).not.toBeInTheDocument();
  });

  it('requests access for a declared input port in place, the form filled in', async () => {
    const api = mockAccessApi([accessRequest({ status: 'granted' })]);
    const orderLines = {
      ...carrierPerformance,
      metadata: {
        name: 'order-lines',
        namespace: 'default',
        title: 'Order lines',
      },
    };
    await renderAccessView(
      <EntityProvider entity={salesForecast}>
        <EntityDataProductAccessContent />
      </EntityProvider>,
      {
        api,
        allowed: [dataProductsAccessRequestCreatePermission.name],
        products: [salesForecast],
        entities: [orderLines],
      },
    );

    const row = await rowOf('Input ports without a request', 'order-lines');
    await userEvent.click(
      within(row).getByRole('button', { name: 'Request access' }),
    );
    const dialog = await screen.findByRole('dialog');
    // the consuming product is this one, the purpose the port's
    expect(
      await within(dialog).findByRole('button', {
        name: /Consuming data product Sales forecast/,
      }),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Purpose/)).toHaveValue(
      'Past sales per channel',
    );
    await userEvent.click(
      within(dialog).getAllByRole('button', { name: 'Request access' })[0],
    );
    await waitFor(() =>
      expect(api.createAccessRequest).toHaveBeenCalledWith(
        expect.objectContaining({
          consumer: FORECAST_REF,
          dataset: 'dataset:default/order-lines',
          purpose: 'Past sales per channel',
          environments: ['dev', 'prd'],
        }),
      ),
    );
    // the dialog says what happened; closing it reloads the lists
    expect(await within(dialog).findByText(/^Requested for/)).toHaveTextContent(
      /^Requested for sales-forecast/,
    );
    const loads = api.listAccessRequests.mock.calls.length;
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(api.listAccessRequests.mock.calls.length).toBeGreaterThan(loads),
    );
  });

  it('lets whom the server allows to request for the product renew an input', async () => {
    const granted = accessRequest({ status: 'granted', requester: GUEST });
    const api = mockAccessApi([granted]);
    await renderAccessView(
      <EntityProvider entity={salesForecast}>
        <EntityDataProductAccessContent />
      </EntityProvider>,
      {
        api,
        ownership: [GUEST, 'group:default/team-sales'],
        allowed: [dataProductsAccessRequestCreatePermission.name],
      },
    );

    const row = await rowOf('Inputs', 'carrier-performance');
    await userEvent.click(
      await within(row).findByRole('button', { name: 'Renew' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: /New duration/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: '1 year' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Renew' }),
    );

    await waitFor(() =>
      expect(api.renewAccessRequest).toHaveBeenCalledWith(granted.id, {
        note: '',
        duration: '365d',
      }),
    );
    // the renewal (pending) is listed once the inputs are reloaded
    await waitFor(async () =>
      expect(
        within(
          await screen.findByRole('table', { name: 'Inputs' }),
        ).getAllByText('carrier-performance'),
      ).toHaveLength(2),
    );
  });

  it('offers no renewal when the server would refuse it, owner or not', async () => {
    const api = mockAccessApi([
      accessRequest({ status: 'granted', requester: GUEST }),
    ]);
    await renderAccessView(
      <EntityProvider entity={salesForecast}>
        <EntityDataProductAccessContent />
      </EntityProvider>,
      { api, ownership: [GUEST, 'group:default/team-sales'], allowed: [] },
    );
    const row = await rowOf('Inputs', 'carrier-performance');
    expect(
      within(row).queryByRole('button', { name: 'Renew' }),
    ).not.toBeInTheDocument();
  });

  it('offers no renewal to someone outside the owning team', async () => {
    const api = mockAccessApi([accessRequest({ status: 'granted' })], {}, ERIN);
    await renderAccessView(
      <EntityProvider entity={salesForecast}>
        <EntityDataProductAccessContent />
      </EntityProvider>,
      { api, user: ERIN, ownership: [ERIN, 'group:default/team-logistics'] },
    );

    const row = await rowOf('Inputs', 'carrier-performance');
    expect(
      within(row).queryByRole('button', { name: 'Renew' }),
    ).not.toBeInTheDocument();
  });

  it('lists the consumers of each dataset the product outputs', async () => {
    const api = mockAccessApi(
      [
        accessRequest({ status: 'granted', provisioning: 'planned' }),
        accessRequest({
          dataset: 'dataset:default/shipments',
          consumer: 'dataproduct:default/customer-360',
          status: 'approved',
        }),
        accessRequest({ status: 'denied', consumer: 'dataproduct:default/x' }),
      ],
      {},
      ERIN,
    );
    await renderAccessView(
      <EntityProvider entity={logisticsShipments}>
        <EntityDataProductAccessContent />
      </EntityProvider>,
      { api, user: ERIN },
    );

    expect(
      within(
        await rowOf('Requests for carrier-performance', 'sales-forecast'),
      ).getByText('approved, planned'),
    ).toBeInTheDocument();
    expect(
      within(await rowOf('Requests for shipments', 'customer-360')).getByText(
        'approved, provisioning',
      ),
    ).toBeInTheDocument();
    // a denied request is no consumer
    expect(screen.queryByText('x')).not.toBeInTheDocument();
  });
});
