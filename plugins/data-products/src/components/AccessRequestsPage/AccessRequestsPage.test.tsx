import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import { AccessRequestsPage } from './AccessRequestsPage';
import {
  ERIN,
  GUEST,
  accessRequest,
  mockAccessApi,
} from '../AccessTab/__testUtils__/testData';
import { renderAccessView } from '../AccessTab/__testUtils__/testUtils';

jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

describe('AccessRequestsPage', () => {
  it('shows the requests awaiting my decision and approves one', async () => {
    const requests: AccessRequest[] = [
      accessRequest({ requester: GUEST }),
      accessRequest({ requester: ERIN, consumer: 'dataproduct:default/mine' }),
    ];
    const api = mockAccessApi(requests, {}, ERIN);
    await renderAccessView(<AccessRequestsPage />, { api, user: ERIN });

    const table = await screen.findByRole('table', {
      name: 'Awaiting my decision',
    });
    expect(api.listAccessRequests).toHaveBeenCalledWith(
      expect.objectContaining({ awaitingMyDecision: true, offset: 0 }),
    );
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    await userEvent.click(
      within(rows[0]).getByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Note/ }),
      'ok',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    await waitFor(() =>
      expect(api.approveAccessRequest).toHaveBeenCalledWith(requests[0].id, {
        note: 'ok',
      }),
    );
    expect(
      await screen.findByText('Nothing is waiting for your decision.'),
    ).toBeInTheDocument();
  });

  it('lists my requests with cancel for pending and renew for granted', async () => {
    const pending = accessRequest({ requester: GUEST });
    const granted = accessRequest({
      requester: GUEST,
      dataset: 'dataset:default/order-lines',
      environments: ['dev', 'prd'],
      status: 'granted',
      provisioning: 'planned',
    });
    const api = mockAccessApi([pending, granted]);
    await renderAccessView(<AccessRequestsPage />, { api });

    await userEvent.click(
      await screen.findByRole('tab', { name: 'My requests' }),
    );
    const table = await screen.findByRole('table', { name: 'My requests' });
    expect(api.listAccessRequests).toHaveBeenCalledWith(
      expect.objectContaining({ mine: true }),
    );
    const pendingRow = within(table)
      .getAllByRole('row')
      .find(r => within(r).queryByText('carrier-performance'))!;
    const grantedRow = within(table)
      .getAllByRole('row')
      .find(r => within(r).queryByText('order-lines'))!;
    expect(
      within(grantedRow).getByText('approved, planned'),
    ).toBeInTheDocument();
    // the environments sit under the status: one column fewer at 1024 pixels
    expect(within(grantedRow).getByText('in dev, prd')).toBeInTheDocument();
    expect(
      within(table).queryByRole('columnheader', { name: 'Environments' }),
    ).not.toBeInTheDocument();
    expect(
      within(grantedRow).getByRole('button', { name: 'Renew' }),
    ).toBeInTheDocument();
    expect(
      within(grantedRow).queryByRole('button', { name: 'Cancel request' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      within(pendingRow).getByRole('button', { name: 'Cancel request' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel request' }),
    );
    await waitFor(() =>
      expect(api.cancelAccessRequest).toHaveBeenCalledWith(pending.id, {
        note: '',
      }),
    );
    await waitFor(() =>
      expect(within(pendingRow).getByText('cancelled')).toBeInTheDocument(),
    );
  });

  it('opens on the tab named in the URL', async () => {
    const api = mockAccessApi([]);
    await renderAccessView(<AccessRequestsPage />, {
      api,
      routeEntries: ['/?tab=mine'],
    });

    expect(
      await screen.findByText(/You have not requested access to any dataset/),
    ).toBeInTheDocument();
  });

  it('pages through the server results', async () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      accessRequest({
        requester: GUEST,
        consumer: `dataproduct:default/consumer-${String(i).padStart(2, '0')}`,
      }),
    );
    const api = mockAccessApi(many, {}, ERIN);
    await renderAccessView(<AccessRequestsPage />, { api, user: ERIN });

    await screen.findByText('consumer-00');
    expect(screen.queryByText('consumer-10')).not.toBeInTheDocument();
    expect(screen.getByText('1-10 of 12')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));

    expect(await screen.findByText('consumer-10')).toBeInTheDocument();
    expect(screen.queryByText('consumer-00')).not.toBeInTheDocument();
    expect(api.listAccessRequests).toHaveBeenLastCalledWith(
      expect.objectContaining({
        awaitingMyDecision: true,
        limit: 10,
        offset: 10,
      }),
    );
  });
});
