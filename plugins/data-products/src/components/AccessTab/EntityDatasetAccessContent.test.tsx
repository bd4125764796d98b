import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  dataProductsAccessRequestCreatePermission,
  dataProductsAccessGrantRevokePermission,
  dataProductsAccessRequestDecidePermission,
  type AccessRequest,
  type DatasetEntity,
} from '@meshport/plugin-data-products-common';
import { EntityDatasetAccessContent } from './EntityDatasetAccessContent';
import {
  DATASET_REF,
  ERIN,
  FORECAST_REF,
  GUEST,
  accessRequest,
  carrierPerformance,
  customer360,
  logisticsShipments,
  mockAccessApi,
  responseError,
  salesForecast,
} from './__testUtils__/testData';
import { renderAccessView } from './__testUtils__/testUtils';
import { formatTimestamp } from './presentation';

type Api = ReturnType<typeof mockAccessApi>;

// The machine running the suite may be busy: generous limits, no timing asserted.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

async function renderTab(options: {
  api: Api;
  user?: string;
  ownership?: string[];
  /** Whether the permission framework allows deciding and revoking. */
  allow?: boolean;
  dataset?: DatasetEntity;
  products?: Array<typeof salesForecast>;
  names?: Record<string, string>;
}) {
  const {
    allow = false,
    dataset = carrierPerformance,
    products = [salesForecast, customer360],
    ...rest
  } = options;
  return renderAccessView(
    <EntityProvider entity={dataset}>
      <EntityDatasetAccessContent />
    </EntityProvider>,
    {
      ...rest,
      products,
      allowed: allow
        ? [
            dataProductsAccessRequestDecidePermission.name,
            dataProductsAccessGrantRevokePermission.name,
          ]
        : [],
    },
  );
}

const table = (name: string) => screen.findByRole('table', { name });

async function rowOf(tableName: string, text: string) {
  const rows = within(await table(tableName)).getAllByRole('row');
  const row = rows.find(r => within(r).queryByText(text));
  if (!row) throw new Error(`no row with ${text} in ${tableName}`);
  return row;
}

/** Opens an MUI select by its label and picks an option. */
async function choose(label: RegExp, option: string) {
  await userEvent.click(await screen.findByRole('button', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
  // the menu is modal: the rest of the page is hidden until it has closed
  await waitFor(() =>
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
  );
}

describe('EntityDatasetAccessContent', () => {
  describe('the request form', () => {
    it("offers only the viewer's products and sends the request the user filled in", async () => {
      const requests: AccessRequest[] = [];
      const api = mockAccessApi(requests);
      const { catalogApi } = await renderTab({ api });

      await screen.findByRole('button', { name: /Consuming data product/ });
      expect(catalogApi.getEntities).toHaveBeenCalledWith({
        filter: {
          kind: 'DataProduct',
          'relations.ownedBy': [GUEST, 'group:default/team-sales'],
        },
      });

      const submit = screen.getByRole('button', { name: 'Request access' });
      expect(submit).toBeDisabled();

      await choose(/Consuming data product/, 'Sales forecast');
      await userEvent.type(
        screen.getByRole('textbox', { name: /Purpose/ }),
        'Delivery delays as a forecast driver',
      );
      await choose(/Duration/, '180 days');
      // the product runs in dev and prd; the user only wants dev
      await userEvent.click(screen.getByRole('checkbox', { name: 'prd' }));
      await userEvent.click(submit);

      await waitFor(() =>
        expect(api.createAccessRequest).toHaveBeenCalledWith({
          consumer: FORECAST_REF,
          dataset: DATASET_REF,
          purpose: 'Delivery delays as a forecast driver',
          duration: '180d',
          environments: ['dev'],
        }),
      );
      expect(await screen.findByText(/^Requested for/)).toHaveTextContent(
        "Requested for sales-forecast: waiting for a decision by the dataset's owners.",
      );
      // the pending list was loaded again and shows what the server now holds
      const row = await rowOf('Pending requests', 'sales-forecast');
      expect(within(row).getByText('180 days requested')).toBeInTheDocument();
    });

    it('sends no duration for "No end date" and no environments for a product that lists none', async () => {
      const api = mockAccessApi([]);
      await renderTab({ api });

      await choose(/Consuming data product/, 'customer-360');
      expect(
        screen.getByText(/lists no environments: it gets the access in every/),
      ).toBeInTheDocument();
      await userEvent.type(
        screen.getByRole('textbox', { name: /Purpose/ }),
        'Churn drivers',
      );
      await choose(/Duration/, 'No end date');
      await userEvent.click(
        screen.getByRole('button', { name: 'Request access' }),
      );

      await waitFor(() =>
        expect(api.createAccessRequest).toHaveBeenCalledWith({
          consumer: 'dataproduct:default/customer-360',
          dataset: DATASET_REF,
          purpose: 'Churn drivers',
          duration: undefined,
        }),
      );
    });

    it('refuses to send without any environment', async () => {
      const api = mockAccessApi([]);
      await renderTab({ api });

      await choose(/Consuming data product/, 'Sales forecast');
      await userEvent.type(
        screen.getByRole('textbox', { name: /Purpose/ }),
        'x',
      );
      await userEvent.click(screen.getByRole('checkbox', { name: 'dev' }));
      await userEvent.click(screen.getByRole('checkbox', { name: 'prd' }));

      expect(
        screen.getByText('Pick at least one environment.'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Request access' }),
      ).toBeDisabled();
    });

    it("shows the server's refusal", async () => {
      const api = mockAccessApi([], {
        createAccessRequest: jest.fn(async () => {
          throw responseError(
            409,
            'ConflictError',
            'sales-forecast already has an open request for carrier-performance',
          );
        }),
      });
      await renderTab({ api });

      await choose(/Consuming data product/, 'Sales forecast');
      await userEvent.type(
        screen.getByRole('textbox', { name: /Purpose/ }),
        'again',
      );
      await userEvent.click(
        screen.getByRole('button', { name: 'Request access' }),
      );

      expect(
        await screen.findByText(
          'Could not request access: sales-forecast already has an open request for carrier-performance',
        ),
      ).toBeInTheDocument();
    });

    it("does not offer the dataset's own producing product", async () => {
      await renderTab({
        api: mockAccessApi([]),
        products: [salesForecast, logisticsShipments],
        ownership: [ERIN, 'group:default/team-logistics'],
        user: ERIN,
      });

      await userEvent.click(
        await screen.findByRole('button', { name: /Consuming data product/ }),
      );
      expect(
        screen.getByRole('option', { name: 'Sales forecast' }),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('option', { name: 'logistics-shipments' }),
      ).not.toBeInTheDocument();
    });

    it('says so when the viewer owns no product', async () => {
      await renderTab({ api: mockAccessApi([]), products: [] });

      expect(
        await screen.findByText(/None of your groups owns a data product/),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'Request access' }),
      ).not.toBeInTheDocument();
    });

    it('is not offered for a private dataset', async () => {
      await renderTab({
        api: mockAccessApi([]),
        dataset: {
          ...carrierPerformance,
          spec: { ...carrierPerformance.spec, access: 'private' },
        },
      });

      expect(
        (await screen.findAllByText(/private: access cannot be requested/))
          .length,
      ).toBeGreaterThan(0);
      expect(
        screen.queryByRole('button', { name: 'Request access' }),
      ).not.toBeInTheDocument();
    });

    it('is not offered on a retiring dataset, and says why', async () => {
      await renderTab({
        api: mockAccessApi([]),
        dataset: {
          ...carrierPerformance,
          metadata: {
            ...carrierPerformance.metadata,
            annotations: {
              'meshport.io/retirement': 'retiring',
              'meshport.io/sunset': '2027-03-01T00:00:00.000Z',
            },
          },
          spec: { ...carrierPerformance.spec, lifecycle: 'deprecated' },
        },
      });

      expect(
        (await screen.findAllByText(/being retired .*no new access requests/))
          .length,
      ).toBeGreaterThan(0);
      expect(
        screen.queryByRole('button', { name: 'Request access' }),
      ).not.toBeInTheDocument();
      expect(
        screen.queryByRole('textbox', { name: /Purpose/ }),
      ).not.toBeInTheDocument();
    });

    it('says that access to an unrestricted dataset is immediate', async () => {
      await renderTab({
        api: mockAccessApi([]),
        dataset: {
          ...carrierPerformance,
          spec: { ...carrierPerformance.spec, access: 'unrestricted' },
        },
      });

      expect(
        await screen.findByText(/unrestricted: access is immediate/),
      ).toBeInTheDocument();
      expect(
        await screen.findByRole('button', { name: 'Request access' }),
      ).toBeInTheDocument();
    });
  });

  describe('pending requests', () => {
    it('lets a dataset owner approve with a note, then shows the new state', async () => {
      const pending = accessRequest({ requester: GUEST });
      const api = mockAccessApi([pending], {}, ERIN);
      await renderTab({
        api,
        user: ERIN,
        ownership: [ERIN, 'group:default/team-logistics'],
        allow: true,
      });

      const row = await rowOf('Pending requests', 'sales-forecast');
      expect(within(row).getByText('guest')).toBeInTheDocument();
      expect(
        within(row).getByText('Delivery delays as a forecast driver'),
      ).toBeInTheDocument();
      await userEvent.click(
        await within(row).findByRole('button', { name: 'Approve' }),
      );

      const dialog = await screen.findByRole('dialog');
      expect(
        within(dialog).getByText(
          'Approve access of sales-forecast to carrier-performance',
        ),
      ).toBeInTheDocument();
      await userEvent.type(
        within(dialog).getByRole('textbox', { name: /Note/ }),
        'Fine for the forecast',
      );
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Approve' }),
      );

      await waitFor(() =>
        expect(api.approveAccessRequest).toHaveBeenCalledWith(pending.id, {
          note: 'Fine for the forecast',
        }),
      );
      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      // reloaded from the server: no longer pending, now a consumer
      expect(
        await screen.findByText('No request is waiting for a decision.'),
      ).toBeInTheDocument();
      const consumer = await rowOf('Grants', 'sales-forecast');
      expect(
        within(consumer).getByText('approved, provisioning'),
      ).toBeInTheDocument();
    });

    it('denies with a note', async () => {
      const pending = accessRequest();
      const api = mockAccessApi([pending], {}, ERIN);
      await renderTab({ api, user: ERIN, allow: true });

      const row = await rowOf('Pending requests', 'sales-forecast');
      await userEvent.click(
        await within(row).findByRole('button', { name: 'Deny' }),
      );
      const dialog = await screen.findByRole('dialog');
      await userEvent.type(
        within(dialog).getByRole('textbox', { name: /Note/ }),
        'Contract prices stay in logistics',
      );
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Deny' }),
      );

      await waitFor(() =>
        expect(api.denyAccessRequest).toHaveBeenCalledWith(pending.id, {
          note: 'Contract prices stay in logistics',
        }),
      );
      const closed = await rowOf('Closed requests', 'sales-forecast');
      expect(within(closed).getByText('denied')).toBeInTheDocument();
    });

    it('hides approve and deny from the requester, who may cancel', async () => {
      const own = accessRequest({ requester: GUEST });
      const api = mockAccessApi([own]);
      // even with the permission (e.g. an admin): nobody decides their own request
      await renderTab({ api, user: GUEST, allow: true });

      // the guest (team-sales) does not own the dataset: no word of ownership
      await screen.findByText(
        /You may approve or deny them \(the portal allows you to decide on this dataset\)/,
      );
      expect(screen.queryByText(/As an owner/)).not.toBeInTheDocument();
      const row = await rowOf('Pending requests', 'sales-forecast');
      expect(
        within(row).queryByRole('button', { name: 'Approve' }),
      ).not.toBeInTheDocument();
      expect(
        within(row).queryByRole('button', { name: 'Deny' }),
      ).not.toBeInTheDocument();

      await userEvent.click(
        within(row).getByRole('button', { name: 'Cancel request' }),
      );
      const dialog = await screen.findByRole('dialog');
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Cancel request' }),
      );
      await waitFor(() =>
        expect(api.cancelAccessRequest).toHaveBeenCalledWith(own.id, {
          note: '',
        }),
      );
    });

    it("tells the dataset's owners that they decide, when the server says they may", async () => {
      const api = mockAccessApi([accessRequest()], {}, ERIN);
      await renderTab({
        api,
        user: ERIN,
        ownership: [ERIN, 'group:default/team-logistics'],
        allow: true,
      });
      await screen.findByText(/As an owner of this dataset you approve/);
      const row = await rowOf('Pending requests', 'sales-forecast');
      expect(
        within(row).getByRole('button', { name: 'Approve' }),
      ).toBeInTheDocument();
    });

    it('shows neither words of ownership nor buttons to an owner the server refuses', async () => {
      const api = mockAccessApi([accessRequest()], {}, ERIN);
      await renderTab({
        api,
        user: ERIN,
        ownership: [ERIN, 'group:default/team-logistics'],
        allow: false,
      });
      await screen.findByText(/Only the dataset's owners/);
      expect(screen.queryByText(/As an owner/)).not.toBeInTheDocument();
      const row = await rowOf('Pending requests', 'sales-forecast');
      expect(
        within(row).queryByRole('button', { name: 'Approve' }),
      ).not.toBeInTheDocument();
    });

    it('hides approve and deny from users without the permission', async () => {
      const api = mockAccessApi(
        [accessRequest({ requester: GUEST })],
        {},
        'user:default/bob',
      );
      await renderTab({ api, user: 'user:default/bob', allow: false });

      await screen.findByText(
        /Only the dataset's owners \(and Meshport admins\) decide/,
      );
      const row = await rowOf('Pending requests', 'sales-forecast');
      expect(
        within(row).queryAllByRole('button', { name: /Approve|Deny|Cancel/ }),
      ).toHaveLength(0);
      expect(
        screen.getByText(
          /Only the dataset's owners \(and Meshport admins\) decide/,
        ),
      ).toBeInTheDocument();
    });

    it("keeps the dialog open with the server's message when it refuses", async () => {
      const pending = accessRequest();
      const api = mockAccessApi(
        [pending],
        {
          approveAccessRequest: jest.fn(async () => {
            throw responseError(
              409,
              'ConflictError',
              'The request is denied; only a pending request can be approved',
            );
          }),
        },
        ERIN,
      );
      await renderTab({ api, user: ERIN, allow: true });

      const row = await rowOf('Pending requests', 'sales-forecast');
      await userEvent.click(
        await within(row).findByRole('button', { name: 'Approve' }),
      );
      const dialog = await screen.findByRole('dialog');
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Approve' }),
      );

      expect(
        await within(dialog).findByText(
          'The request is denied; only a pending request can be approved',
        ),
      ).toBeInTheDocument();
      expect(screen.getByRole('dialog')).toBeInTheDocument();
    });
  });

  describe('current consumers', () => {
    const granted = () =>
      accessRequest({
        status: 'granted',
        provisioning: 'planned',
        decidedBy: ERIN,
        decisionNote: 'Fine for the forecast',
        decidedAt: '2026-11-21T11:00:00.000Z',
        validFrom: '2026-11-21T11:00:00.000Z',
        validUntil: '2027-02-19T11:00:00.000Z',
        grantId: 'g-1',
      });

    it('shows plan-mode grants as "approved, planned" with their end and decision', async () => {
      const request = granted();
      await renderTab({ api: mockAccessApi([request]) });

      const row = await rowOf('Grants', 'sales-forecast');
      expect(within(row).getByText('approved, planned')).toBeInTheDocument();
      expect(within(row).getByText('dev')).toBeInTheDocument();
      expect(
        within(row).getByText(
          `until ${new Date(request.validUntil!).toLocaleDateString()}`,
        ),
      ).toBeInTheDocument();
      expect(
        within(row).getByText(/Fine for the forecast/),
      ).toBeInTheDocument();
      // the guest may not revoke
      await screen.findByText(/Only the dataset's owners/);
      expect(
        within(row).queryByRole('button', { name: 'Revoke' }),
      ).not.toBeInTheDocument();
    });

    it("names the person who decided by their display name, with the decision's date", async () => {
      const request = granted();
      await renderTab({
        api: mockAccessApi([request]),
        names: { [ERIN]: 'Erin Walsh', [request.consumer]: 'Sales forecast' },
      });

      const row = await rowOf('Grants', 'Sales forecast');
      await waitFor(() =>
        expect(row).toHaveTextContent(
          `Erin Walsh, ${formatTimestamp(request.decidedAt!)}`,
        ),
      );
      expect(row).not.toHaveTextContent(/erin,|user:default/);
    });

    it('lets an owner revoke with a note', async () => {
      const request = granted();
      const api = mockAccessApi([request], {}, ERIN);
      await renderTab({ api, user: ERIN, allow: true });

      const row = await rowOf('Grants', 'sales-forecast');
      await userEvent.click(
        await within(row).findByRole('button', { name: 'Revoke' }),
      );
      const dialog = await screen.findByRole('dialog');
      await userEvent.type(
        within(dialog).getByRole('textbox', { name: /Note/ }),
        'Contract ended',
      );
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Revoke' }),
      );

      await waitFor(() =>
        expect(api.revokeAccessRequest).toHaveBeenCalledWith(request.id, {
          note: 'Contract ended',
        }),
      );
      expect(
        await screen.findByText(
          'No data product has access to this dataset yet.',
        ),
      ).toBeInTheDocument();
      const closed = await rowOf('Closed requests', 'sales-forecast');
      expect(within(closed).getByText('revoked')).toBeInTheDocument();
    });

    it('opens the history of a request', async () => {
      const request = granted();
      const api = mockAccessApi([request], {
        getAccessRequestHistory: jest.fn(async () => ({
          items: [
            {
              id: 'e1',
              requestId: request.id,
              type: 'created' as const,
              actor: GUEST,
              at: '2026-11-21T10:00:00.000Z',
              toStatus: 'pending' as const,
            },
            {
              id: 'e2',
              requestId: request.id,
              type: 'approved' as const,
              actor: ERIN,
              at: '2026-11-21T11:00:00.000Z',
              fromStatus: 'pending' as const,
              toStatus: 'approved' as const,
              note: 'Fine for the forecast',
            },
            {
              id: 'e3',
              requestId: request.id,
              type: 'granted' as const,
              actor: 'system',
              at: '2026-11-21T11:01:00.000Z',
              fromStatus: 'approved' as const,
              toStatus: 'granted' as const,
            },
          ],
        })),
      });
      await renderTab({ api });

      const row = await rowOf('Grants', 'sales-forecast');
      await userEvent.click(
        within(row).getByRole('button', {
          name: 'History of the request of sales-forecast for carrier-performance',
        }),
      );

      const history = await screen.findByRole('table', {
        name: 'Request history',
      });
      const rows = within(history).getAllByRole('row').slice(1);
      expect(rows).toHaveLength(3);
      expect(within(rows[0]).getByText('Requested')).toBeInTheDocument();
      expect(
        within(rows[1]).getByText('pending → approved'),
      ).toBeInTheDocument();
      expect(within(rows[1]).getByText('erin')).toBeInTheDocument();
      expect(
        within(rows[1]).getByText('Fine for the forecast'),
      ).toBeInTheDocument();
      expect(within(rows[2]).getByText('Meshport')).toBeInTheDocument();
      expect(api.getAccessRequestHistory).toHaveBeenCalledWith(request.id);
    });
  });

  it('offers "Request access" in place for a declared consumer without access, to whom may ask for it', async () => {
    const declared = {
      consumer: FORECAST_REF,
      consumerTitle: 'Sales forecast',
      dataset: DATASET_REF,
      datasetTitle: 'Carrier performance',
      state: 'declared' as const,
      declared: true,
      purpose: 'Delivery delays',
      grantedEnvironments: [],
      undeclaredGrant: false,
      undeclaredRead: false,
    };
    const granted = {
      ...declared,
      consumer: 'dataproduct:default/customer-360',
      consumerTitle: 'Customer 360',
      state: 'granted' as const,
      grantedEnvironments: ['dev'],
    };
    const api = mockAccessApi([]);
    await renderAccessView(
      <EntityProvider entity={carrierPerformance}>
        <EntityDatasetAccessContent />
      </EntityProvider>,
      {
        api,
        products: [salesForecast, customer360],
        entities: [carrierPerformance],
        allowed: [dataProductsAccessRequestCreatePermission.name],
        consumption: { consumers: [declared, granted], inputs: [] },
      },
    );

    const consumers = await screen.findAllByRole('row');
    const forecast = consumers.find(r =>
      within(r).queryByText('Sales forecast'),
    )!;
    const c360 = consumers.find(r => within(r).queryByText('Customer 360'))!;
    expect(
      within(c360).queryByRole('button', { name: 'Request access' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      await within(forecast).findByRole('button', { name: 'Request access' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/Purpose/)).toHaveValue(
      'Delivery delays',
    );
    await userEvent.click(
      within(dialog).getAllByRole('button', { name: 'Request access' })[0],
    );
    await waitFor(() =>
      expect(api.createAccessRequest).toHaveBeenCalledWith(
        expect.objectContaining({
          consumer: FORECAST_REF,
          dataset: DATASET_REF,
          purpose: 'Delivery delays',
        }),
      ),
    );
  });

  it('asks the server for each list of this dataset', async () => {
    const api = mockAccessApi([]);
    await renderTab({ api });

    await screen.findByText('No request is waiting for a decision.');
    const filters = api.listAccessRequests.mock.calls.map(([f]) => f);
    expect(filters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataset: DATASET_REF, status: 'pending' }),
        expect.objectContaining({
          dataset: DATASET_REF,
          status: ['approved', 'granted'],
        }),
        expect.objectContaining({
          dataset: DATASET_REF,
          status: ['denied', 'cancelled', 'revoked', 'expired'],
        }),
      ]),
    );
  });
});
