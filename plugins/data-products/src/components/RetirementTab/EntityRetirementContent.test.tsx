import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import {
  RetirementApi,
  retirementApiRef,
} from '@meshport/plugin-data-products-react';
import {
  DataProductRetirementResponse,
  RETIREMENT_STEPS,
  Retirement,
  RetirementStatusResponse,
  RetirementStep,
} from '@meshport/plugin-data-products-common';
import { ordersDataset, salesOrdersProduct } from '../../testing/fixtures';
import { EntityRetirementContent } from './EntityRetirementContent';
import { EntityRetirementBanner } from './EntityRetirementBanner';

// typing into MUI fields in jsdom is slow on a shared 2-core machine
jest.setTimeout(30_000);

const PRODUCT = 'dataproduct:default/sales-orders';

/** The names the catalog gives (the portal's entity presentation): people read these, never refs. */
const NAMES: Record<string, string> = {
  'user:default/guest': 'Guest User',
  'user:default/carol': 'Carol Example',
  'dataproduct:default/churn': 'Churn model',
  'dataproduct:finance/ledger': 'Finance ledger',
  [PRODUCT]: 'Sales orders',
};
const presentation = {
  forEntity: (ref: unknown) => {
    const entityRef = String(ref);
    const snapshot = { entityRef, primaryTitle: NAMES[entityRef] ?? entityRef };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

/** A sunset as the reader's locale writes it (a UTC day). */
const day = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
const SUNSET_TEXT = day('2026-12-22T00:00:00.000Z');
/** A moment as the reader's locale and time zone write it. */
const time = (iso: string) => new Date(iso).toLocaleString();

/** What no person should read on the tab: refs, UUIDs, ISO timestamps, location refs. */
const RAW =
  /:default\/|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-|\d{4}-\d\d-\d\d|\bfile:|\burl:/i;
const ID = '7b0f2c1e-9a41-4c7e-8f0e-2f6d1a3b4c5d';

const retirement: Retirement = {
  id: ID,
  dataProduct: PRODUCT,
  datasets: ['dataset:default/orders'],
  status: 'retiring',
  reason: 'Replaced by sales-orders-v2',
  sunset: '2026-12-22T00:00:00.000Z',
  requestedBy: 'user:default/guest',
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
};

function steps(...statuses: Array<RetirementStep['status']>): RetirementStep[] {
  return RETIREMENT_STEPS.map((name, i) => ({
    name,
    seq: i + 1,
    status: statuses[i] ?? 'pending',
    attempts: statuses[i] && statuses[i] !== 'pending' ? 1 : 0,
  }));
}

function details(
  overrides: Partial<DataProductRetirementResponse> = {},
): DataProductRetirementResponse {
  return {
    entityRef: PRODUCT,
    steps: [],
    usage: {
      datasetTitles: [{ ref: 'dataset:default/orders', title: 'Orders' }],
      consumers: [
        {
          consumer: 'dataproduct:default/churn',
          title: 'Churn model',
          grants: [
            {
              requestId: 'r1',
              dataset: 'dataset:default/orders',
              environments: ['dev'],
              status: 'granted',
              requester: 'user:default/carol',
              since: '2026-11-01T09:00:00.000Z',
              validUntil: '2027-01-30T00:00:00.000Z',
            },
          ],
        },
      ],
      inputGrants: 0,
      lastActivity: [
        {
          source: 'access-request',
          at: '2026-11-01T09:00:00.000Z',
          description: 'Churn model was granted access to Orders',
        },
      ],
    },
    policy: {
      noticePeriod: '30 days',
      noticePeriodMs: 30 * 24 * 3600_000,
      earliestSunset: '2026-12-22T00:00:00.000Z',
      latestSunset: '2028-11-21T00:00:00.000Z',
    },
    canManage: true,
    ...overrides,
  };
}

function mockApi(
  overrides: Partial<RetirementApi> = {},
): jest.Mocked<RetirementApi> {
  const api = {
    getRetirement: jest.fn(async (_ref: string) => details()),
    getRetirementStatus: jest.fn(
      async (ref: string): Promise<RetirementStatusResponse> => ({
        entityRef: ref,
      }),
    ),
    startRetirement: jest.fn(async () => retirement),
    confirmRetirement: jest.fn(async () => retirement),
    cancelRetirement: jest.fn(async () => retirement),
  };
  return Object.assign(api, overrides) as unknown as jest.Mocked<RetirementApi>;
}

async function renderTab(api: RetirementApi, entity = salesOrdersProduct) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [retirementApiRef, api],
        [entityPresentationApiRef, presentation],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityRetirementBanner />
        <EntityRetirementContent pollIntervalMs={20} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityRetirementContent', () => {
  it('shows the last read and who read its datasets in the last 30 days', async () => {
    const base = details();
    const api = mockApi({
      getRetirement: jest.fn(async () =>
        details({
          usage: {
            ...base.usage,
            reads: {
              lastRead: '2026-12-04T08:15:00.000Z',
              readersLast30Days: [
                'dataproduct:default/churn',
                'dataproduct:finance/ledger',
              ],
            },
          },
        }),
      ),
    });
    await renderTab(api);
    expect(await screen.findByLabelText('Reads')).toHaveTextContent(
      `Last read ${time(
        '2026-12-04T08:15:00.000Z',
      )}; 2 other readers in the last 30 days: Churn model, Finance ledger.`,
    );
  });

  it('shows the consumers affected and last activity before anything starts', async () => {
    const api = mockApi();
    await renderTab(api);
    expect(
      await screen.findByText('This data product is not being retired.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/1 consumer holds access to its datasets/),
    ).toBeInTheDocument();
    const table = screen.getByRole('table');
    expect(
      within(table).getByRole('link', { name: 'Churn model' }),
    ).toHaveAttribute('href', '/catalog/default/dataproduct/churn');
    expect(within(table).getByRole('link', { name: 'Orders' })).toHaveAttribute(
      'href',
      '/catalog/default/dataset/orders',
    );
    expect(within(table).getByText('Carol Example')).toBeInTheDocument();
    expect(
      within(table).getByText(
        new Date('2027-01-30T00:00:00.000Z').toLocaleDateString(),
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `${time(
          '2026-11-01T09:00:00.000Z',
        )}: Churn model was granted access to Orders`,
      ),
    ).toBeInTheDocument();
    expect(table.textContent).not.toMatch(RAW);
    expect(screen.queryByRole('alert', { name: 'Retirement' })).toBeNull();
    expect(api.getRetirement).toHaveBeenCalledWith(PRODUCT);
  });

  it('starts a retirement with a reason and a sunset, then shows what the server holds', async () => {
    const api = mockApi();
    api.getRetirement
      .mockResolvedValueOnce(details())
      .mockResolvedValue(details({ retirement, steps: steps() }));
    await renderTab(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Start retirement' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        new RegExp(`the earliest sunset is ${SUNSET_TEXT}`),
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Sunset/)).toHaveValue('2026-12-22');
    const start = within(dialog).getByRole('button', {
      name: 'Start retirement',
    });
    expect(start).toBeDisabled(); // a reason is required
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'v2');
    await userEvent.click(start);

    expect(api.startRetirement).toHaveBeenCalledWith({
      entityRef: PRODUCT,
      reason: 'v2',
      sunset: '2026-12-22',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('Retiring')).toBeInTheDocument();
    expect(screen.getByText(SUNSET_TEXT)).toBeInTheDocument();
    expect(screen.getByText(/^Started by/)).toHaveTextContent(
      `Started by Guest User on ${time('2026-11-21T10:00:00.000Z')}`,
    );
    const checklist = screen.getByRole('list', { name: 'Retirement steps' });
    expect(
      within(checklist)
        .getAllByRole('listitem')
        .map(item => item.getAttribute('aria-label')),
    ).toEqual([
      'Stop the pipeline',
      "Revoke every consumer's access",
      'Archive the data',
      'Delete the SLO monitors',
      'Release roles and workgroups',
      'Mark retired and remove from the catalog',
    ]);
    // consumers still hold access: no early run
    expect(screen.getByRole('button', { name: 'Retire now' })).toBeDisabled();
  });

  it("keeps the dialog open with the server's reason when it refuses the sunset", async () => {
    const api = mockApi({
      startRetirement: jest.fn(async () => {
        throw Object.assign(new Error('Request failed with 400'), {
          body: {
            error: {
              message:
                'body.sunset: must be at least 30 days from now (2026-12-22)',
            },
          },
        });
      }),
    });
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Start retirement' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'Old');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start retirement' }),
    );
    expect(
      // the field path is for API clients; people read the field's name
      await within(dialog).findByText(
        'Sunset must be at least 30 days from now (2026-12-22)',
      ),
    ).toBeInTheDocument();
  });

  it('retires now when no consumer remains and follows the steps until retired', async () => {
    const noConsumers = {
      consumers: [],
      inputGrants: 0,
      lastActivity: [],
    };
    const api = mockApi();
    api.getRetirement
      .mockResolvedValueOnce(
        details({ retirement, steps: steps(), usage: noConsumers }),
      )
      .mockResolvedValueOnce(
        details({
          retirement: { ...retirement, status: 'running' },
          steps: steps('succeeded', 'running'),
          usage: noConsumers,
        }),
      )
      .mockResolvedValue(
        details({
          retirement: {
            ...retirement,
            status: 'retired',
            finishedAt: '2026-11-21T10:05:00.000Z',
            catalog: {
              removal: 'retained',
              note: 'It comes from a location Meshport cannot remove: it stays in the catalog marked retired',
            },
          },
          steps: steps(...RETIREMENT_STEPS.map(() => 'succeeded' as const)),
          usage: noConsumers,
        }),
      );
    api.getRetirementStatus.mockResolvedValue({
      entityRef: PRODUCT,
      dataProduct: PRODUCT,
      state: 'retiring',
      sunset: retirement.sunset,
      reason: retirement.reason,
    });
    await renderTab(api);

    // the deprecation banner on the page
    const banner = await screen.findByRole('alert', { name: 'Retirement' });
    expect(banner).toHaveTextContent(`Deprecated: retires on ${SUNSET_TEXT}`);
    expect(banner).toHaveTextContent(
      'This data product is being retired: Replaced by sales-orders-v2',
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Retire now' }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Run the retirement steps' }),
    );
    expect(api.confirmRetirement).toHaveBeenCalledWith(ID);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // the reload after confirming says "running"; only polling reaches "retired"
    expect(await screen.findByText('Retired')).toBeInTheDocument();
    expect(api.getRetirement.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(
      screen.getByText(/stays in the catalog marked retired/),
    ).toBeInTheDocument();
    const calls = api.getRetirement.mock.calls.length;
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(api.getRetirement.mock.calls.length).toBe(calls);
    expect(
      screen.queryByRole('button', { name: 'Start retirement' }),
    ).toBeNull();
  });

  it("names the release step's provisioning run by its date and links the Provisioning tab, with nothing raw on the tab", async () => {
    const done = steps(...RETIREMENT_STEPS.map(() => 'succeeded' as const));
    const release = done.findIndex(step => step.name === 'release-resources');
    done[release] = {
      ...done[release],
      summary: 'Released 3 resources',
      result: {
        runId: '0f8e2a4c-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
        runCreatedAt: '2026-11-21T10:02:00.000Z',
      },
      finishedAt: '2026-11-21T10:04:00.000Z',
    };
    const api = mockApi({
      getRetirement: jest.fn(async () =>
        details({
          retirement: {
            ...retirement,
            status: 'retired',
            confirmedBy: 'user:default/carol',
            finishedAt: '2026-11-21T10:05:00.000Z',
            catalog: {
              removal: 'retained',
              note: "It is read from the file sales-orders/catalog-info.yaml on the portal host, which Meshport cannot remove (e.g. one set in the portal's configuration): it stays in the catalog marked retired; delete it there to take it out",
              location: 'file:/srv/examples/sales-orders/catalog-info.yaml',
            },
          },
          steps: done,
        }),
      ),
    });
    await renderTab(api);
    const item = await screen.findByRole('listitem', {
      name: 'Release roles and workgroups',
    });
    expect(item).toHaveTextContent('Released 3 resources');
    expect(
      within(item).getByRole('link', {
        name: `The provisioning run of ${time('2026-11-21T10:02:00.000Z')}`,
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/dataproduct/sales-orders/provisioning',
    );
    expect(
      screen.getByText(/on the portal host, which Meshport cannot remove/),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Started by/)).toHaveTextContent(
      'steps confirmed by Carol Example',
    );
    expect(document.body.textContent).not.toMatch(RAW);
  });

  it('cancels with a note', async () => {
    const api = mockApi();
    api.getRetirement
      .mockResolvedValueOnce(details({ retirement, steps: steps() }))
      .mockResolvedValue(
        details({
          retirement: {
            ...retirement,
            status: 'cancelled',
            cancelledBy: 'user:default/guest',
            cancelledAt: '2026-11-22T10:00:00.000Z',
            cancelNote: 'still needed',
          },
          steps: steps(),
        }),
      );
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel retirement' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Note/), 'later');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel retirement' }),
    );
    expect(api.cancelRetirement).toHaveBeenCalledWith(ID, { note: 'later' });
    expect(
      await screen.findByText(/^A retirement was cancelled on/),
    ).toHaveTextContent(
      `A retirement was cancelled on ${time(
        '2026-11-22T10:00:00.000Z',
      )} by Guest User: still needed.`,
    );
    // a new one can start again
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      await screen.findByRole('button', { name: 'Start retirement' }),
    ).toBeInTheDocument();
  });

  it('shows no actions to someone who may not manage the product', async () => {
    const api = mockApi({
      getRetirement: jest.fn(async () =>
        details({ retirement, steps: steps(), canManage: false }),
      ),
    });
    await renderTab(api);
    expect(
      await screen.findByText(
        "Only the product's owners and Meshport admins can change it.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Cancel retirement' }),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retire now' })).toBeNull();
  });

  it('shows the step error and offers a retry when the retirement is stuck', async () => {
    const failedSteps = steps('succeeded', 'succeeded', 'failed');
    failedSteps[2] = {
      ...failedSteps[2],
      attempts: 5,
      error: 'aws: AccessDenied: s3:PutObject',
    };
    const api = mockApi({
      getRetirement: jest.fn(async () =>
        details({
          retirement: { ...retirement, status: 'failed' },
          steps: failedSteps,
        }),
      ),
    });
    await renderTab(api);
    expect(
      await screen.findByText('aws: AccessDenied: s3:PutObject'),
    ).toBeInTheDocument();
    expect(screen.getByText('attempt 5')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Retry the failed step' }),
    );
    await waitFor(() => expect(api.confirmRetirement).toHaveBeenCalledWith(ID));
  });
});

describe('EntityRetirementBanner', () => {
  it('warns on a dataset page that its product is retiring', async () => {
    const api = mockApi({
      getRetirementStatus: jest.fn(async () => ({
        entityRef: 'dataset:default/orders',
        dataProduct: PRODUCT,
        state: 'retiring' as const,
        sunset: retirement.sunset,
      })),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [retirementApiRef, api],
          [entityPresentationApiRef, presentation],
        ]}
      >
        <EntityProvider entity={ordersDataset}>
          <EntityRetirementBanner />
        </EntityProvider>
      </TestApiProvider>,
    );
    const banner = await screen.findByRole('alert', { name: 'Retirement' });
    expect(banner).toHaveTextContent(
      "This dataset's data product, Sales orders, is being retired",
    );
    expect(within(banner).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/dataproduct/sales-orders/retirement',
    );
    expect(api.getRetirementStatus).toHaveBeenCalledWith(
      'dataset:default/orders',
    );
  });

  it('says a retired product is retired', async () => {
    const api = mockApi({
      getRetirementStatus: jest.fn(async () => ({
        entityRef: PRODUCT,
        dataProduct: PRODUCT,
        state: 'retired' as const,
        sunset: retirement.sunset,
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[retirementApiRef, api]]}>
        <EntityProvider entity={salesOrdersProduct}>
          <EntityRetirementBanner />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('alert', { name: 'Retirement' }),
    ).toHaveTextContent(`This data product is retired (sunset ${SUNSET_TEXT})`);
  });
});
