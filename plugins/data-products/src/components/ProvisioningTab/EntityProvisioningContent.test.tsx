import type { Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SWRConfig } from 'swr';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  DataProductsApi,
  dataProductsApiRef,
} from '@meshport/plugin-data-products-react';
import type {
  DataProductProvisioningPlanResponse,
  ProductProvisioningChanges,
} from '@meshport/plugin-data-products-common';
import { salesOrdersProduct } from '../../testing/fixtures';
import { EntityProvisioningContent } from './EntityProvisioningContent';
import {
  awsResourcesOfSalesOrders,
  failedRun,
  failedRunDetails,
  finishedRun,
  queuedRun,
  salesOrdersPlan,
  wholeAwsDesiredState,
} from './testData';

const ENTITY_REF = 'dataproduct:default/sales-orders';

/** The product's part of the last run: one policy updated, one role created. */
const productChanges: ProductProvisioningChanges = {
  entityRef: ENTITY_REF,
  run: finishedRun,
  counts: { create: 1, update: 1, delete: 0, failed: 0 },
  changes: [
    {
      seq: 3,
      id: 'op-policy',
      provisioner: 'aws',
      environment: 'dev',
      dataProduct: ENTITY_REF,
      action: 'update',
      resourceType: 'iam-managed-policy',
      resource: 'arn:aws:iam::1:policy/meshport-sales-orders-dev',
      description: 'Update the permissions of meshport-sales-orders-dev',
      details: {},
      status: 'succeeded',
      diff: [
        { kind: 'same', text: '"Action": [' },
        { kind: 'removed', text: '  "s3:GetObject"' },
        { kind: 'added', text: '  "s3:GetObject",' },
        { kind: 'added', text: '  "s3:ListBucket"' },
        { kind: 'same', text: ']' },
      ],
    },
    {
      seq: 4,
      id: 'op-role',
      provisioner: 'aws',
      environment: 'dev',
      dataProduct: ENTITY_REF,
      action: 'create',
      resourceType: 'iam-role',
      resource: 'meshport-sales-orders-dev-reader',
      description: 'Create the role meshport-sales-orders-dev-reader',
      details: {},
      status: 'succeeded',
    },
  ],
};

function mockApi(overrides: Partial<DataProductsApi> = {}) {
  return {
    getProvisioningPlan: jest.fn(async () => salesOrdersPlan),
    listProvisioningRuns: jest.fn(async () => ({
      items: [failedRun, finishedRun],
      totalCount: 2,
    })),
    getProvisioningRun: jest.fn(async () => failedRunDetails),
    triggerProvisioningRun: jest.fn(async () => ({ run: queuedRun })),
    getProductProvisioningChanges: jest.fn(async () => productChanges),
    // What each run changed for this product: the failed mesh-wide run updated one of its policies.
    getProductRunChanges: jest.fn(
      async (entityRef: string, runIds: string[]) => ({
        entityRef,
        runs: runIds.map(runId => ({
          runId,
          counts:
            runId === failedRun.id
              ? { create: 0, update: 1, delete: 0, failed: 1 }
              : { create: 2, update: 0, delete: 0, failed: 0 },
        })),
      }),
    ),
    ...overrides,
  } satisfies DataProductsApi;
}

async function renderTab(
  api: DataProductsApi,
  props: { pollIntervalMs?: number } = {},
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  entity: Entity = salesOrdersProduct,
) {
  // a fresh cache for usePermission (SWR) in every render
  await renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [dataProductsApiRef, api],
          [permissionApiRef, mockApis.permission({ authorize: permission })],
        ]}
      >
        <EntityProvider entity={entity}>
          <EntityProvisioningContent {...props} />
        </EntityProvider>
      </TestApiProvider>
    </SWRConfig>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** A rejection shaped like the client's ResponseError. */
function responseError(statusCode: number, name: string, message: string) {
  return Object.assign(new Error(`Request failed with ${statusCode}`), {
    name: 'ResponseError',
    statusCode,
    cause: Object.assign(new Error(message), { name }),
  });
}

const environmentCard = (environment: string) =>
  screen
    .getByText(`AWS resources in ${environment}`)
    .closest('.MuiCard-root') as HTMLElement;

describe('EntityProvisioningContent', () => {
  it('loads the plan and runs of the product on the page', async () => {
    const api = mockApi();
    await renderTab(api);

    expect(api.getProvisioningPlan).toHaveBeenCalledWith(ENTITY_REF);
    expect(api.listProvisioningRuns).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: ENTITY_REF }),
    );
  });

  it('says that plan mode never calls AWS', async () => {
    await renderTab(mockApi());

    expect(
      await screen.findByText(
        'Plan mode: Meshport records what it would change and never calls AWS',
      ),
    ).toBeInTheDocument();
  });

  it('shows the three roles of every environment with their ARN and purpose', async () => {
    await renderTab(mockApi());
    await screen.findByText('AWS resources in dev');

    for (const environment of ['dev', 'prd']) {
      const card = environmentCard(environment);
      for (const kind of ['consumer', 'service', 'owner']) {
        const name = `meshport-sales-orders-${environment}-${kind}`;
        const role = within(card).getByRole('region', { name: `Role ${name}` });
        expect(within(role).getByText(kind)).toBeInTheDocument();
        expect(
          within(role).getByText(
            new RegExp(`arn:aws:iam::\\d+:role/meshport/${name}$`),
          ),
        ).toBeInTheDocument();
        expect(
          within(role).getByRole('button', {
            name: `Copy the ARN of ${name}`,
          }),
        ).toBeInTheDocument();
        expect(
          within(role).getByText(
            `The ${kind} role of sales-orders in ${environment}.`,
          ),
        ).toBeInTheDocument();
      }
    }
  });

  it("describes a Glue database by the product's title, on one line with the whole text in a tooltip", async () => {
    await renderTab(mockApi(), {}, AuthorizeResult.ALLOW, {
      ...salesOrdersProduct,
      metadata: { ...salesOrdersProduct.metadata, title: 'Sales Orders' },
    });
    await screen.findByText('AWS resources in dev');
    const description = within(environmentCard('dev')).getByText(
      'Glue database of Sales Orders, managed by Meshport',
    );
    expect(description).toHaveAttribute(
      'title',
      'Glue database of Sales Orders, managed by Meshport',
    );
    expect(description).toHaveClass('MuiTypography-noWrap'); // ellipsis when cut
    expect(
      within(environmentCard('dev')).getByText(
        'The owner role of Sales Orders in dev.',
      ),
    ).toBeInTheDocument();
    expect(environmentCard('dev')).not.toHaveTextContent(
      /dataproduct:default|\[meshport/,
    );
  });

  it('shows the Glue database, Athena workgroup and S3 prefixes of an environment', async () => {
    await renderTab(mockApi());
    await screen.findByText('AWS resources in dev');
    const dev = environmentCard('dev');

    expect(within(dev).getByText('sales_orders_dev')).toBeInTheDocument();
    expect(
      within(dev).getByText('meshport-sales-orders-dev'),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText(
        's3://acme-workspace-dev/products/sales-orders/athena-results/',
      ),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText(/at most 10 GiB scanned per query/),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText('s3://acme-datalake-dev/sales/orders/'),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText('Output of dataset:default/orders'),
    ).toBeInTheDocument();
  });

  it('shows a policy as pretty-printed JSON when opened', async () => {
    await renderTab(mockApi());
    await screen.findByText('AWS resources in dev');
    const role = screen.getByRole('region', {
      name: 'Role meshport-sales-orders-dev-service',
    });

    expect(within(role).queryByText(/ReadOwnOutputs/)).not.toBeInTheDocument();
    await userEvent.click(
      within(role).getByText(
        'Managed policy meshport-sales-orders-dev-service-1',
      ),
    );

    await waitFor(() =>
      expect(role.textContent).toContain('"Sid": "ReadOwnOutputs"'),
    );
    const [policy] = awsResourcesOfSalesOrders.roles.find(
      r => r.name === 'meshport-sales-orders-dev-service',
    )!.managedPolicies;
    expect(role.textContent).toContain(
      JSON.stringify(policy.document, null, 2),
    );

    await userEvent.click(within(role).getByText('Trust policy'));
    await waitFor(() => expect(role.textContent).toContain('"sts:AssumeRole"'));
    expect(
      within(role).getByText(
        'Inline policy meshport-sales-orders-dev-service-inline',
      ),
    ).toBeInTheDocument();
  });

  it('warns about a role whose permissions exceed the IAM quotas', async () => {
    const resources = structuredClone(
      salesOrdersPlan.provisioners[0].resources,
    );
    const roles = resources.roles as Array<{
      name: string;
      policyStatus: string;
    }>;
    roles.find(
      r => r.name === 'meshport-sales-orders-prd-consumer',
    )!.policyStatus = 'quota-exceeded';
    await renderTab(
      mockApi({
        getProvisioningPlan: jest.fn(async () => ({
          ...salesOrdersPlan,
          provisioners: [{ ...salesOrdersPlan.provisioners[0], resources }],
        })),
      }),
    );
    await screen.findByText('AWS resources in prd');

    const role = screen.getByRole('region', {
      name: 'Role meshport-sales-orders-prd-consumer',
    });
    expect(
      within(role).getByText(/do not fit IAM's policy size quotas/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/do not fit IAM's policy size quotas/),
    ).toHaveLength(1);
  });

  it("shows only this product's resources when the backend sends the whole state", async () => {
    await renderTab(
      mockApi({
        getProvisioningPlan: jest.fn(async () => ({
          ...salesOrdersPlan,
          provisioners: [
            {
              ...salesOrdersPlan.provisioners[0],
              resources: wholeAwsDesiredState,
              filtered: false,
            },
          ],
        })),
      }),
    );
    await screen.findByText('AWS resources in dev');

    expect(
      screen.getByRole('region', {
        name: 'Role meshport-sales-orders-dev-owner',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/marketing-360/)).not.toBeInTheDocument();
    expect(screen.queryByText(/marketing\/segments/)).not.toBeInTheDocument();
  });

  it('lists the pending changes', async () => {
    await renderTab(mockApi());

    const table = await screen.findByRole('table', { name: 'Pending changes' });
    const row = within(table)
      .getByText('meshport-sales-orders-prd-owner')
      .closest('tr')!;
    expect(within(row).getByText('Create')).toBeInTheDocument();
    expect(within(row).getByText('IAM role')).toBeInTheDocument();
    expect(
      within(row).getByText('Create the owner role of sales-orders in prd'),
    ).toBeInTheDocument();
  });

  it('says "In sync" when nothing is pending', async () => {
    await renderTab(
      mockApi({
        getProvisioningPlan: jest.fn(async () => ({
          ...salesOrdersPlan,
          provisioners: [
            { ...salesOrdersPlan.provisioners[0], pendingOperations: [] },
          ],
        })),
      }),
    );

    expect(await screen.findByText('In sync')).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Pending changes' }),
    ).not.toBeInTheDocument();
  });

  it('shows the problems of the plan as alerts, errors first', async () => {
    await renderTab(
      mockApi({
        getProvisioningPlan: jest.fn(async () => ({
          ...salesOrdersPlan,
          problems: [
            {
              severity: 'error' as const,
              dataProduct: ENTITY_REF,
              message: 'spec.environments: unknown environment "qa"',
            },
          ],
        })),
      }),
    );

    const alerts = await screen.findAllByRole('alert');
    const texts = alerts.map(alert => alert.textContent);
    const error = texts.findIndex(t => t?.includes('unknown environment "qa"'));
    const warning = texts.findIndex(t =>
      t?.includes('Bucket datalake has no lifecycle rule'),
    );
    expect(error).toBeGreaterThanOrEqual(0);
    expect(warning).toBeGreaterThan(error);
    expect(texts[warning]).toContain('aws · prd');
  });

  it('summarises the last run', async () => {
    await renderTab(mockApi());

    const card = (await screen.findByText('Last run')).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    expect(within(card).getByText('succeeded')).toBeInTheDocument();
    expect(within(card).getByText('Scheduled')).toBeInTheDocument();
    expect(within(card).getByText('Plan only')).toBeInTheDocument();
    expect(within(card).getByText('42 s')).toBeInTheDocument();
    // This product's changes (planned: a plan-mode run), not the run's mesh-wide operation count.
    expect(
      within(card).getByText('Planned: 1 created, 1 updated'),
    ).toBeInTheDocument();
    expect(within(card).queryByText(/operations/)).not.toBeInTheDocument();
  });

  it('lists what the last run changed for this product, with a diff of a changed policy', async () => {
    await renderTab(mockApi());

    const list = await screen.findByRole('list', {
      name: 'Changes to this product',
    });
    const items = within(list).getAllByTestId('product-change');
    expect(items).toHaveLength(2);
    // The last run was a plan: changes read as planned.
    expect(within(items[0]).getByText('To update')).toBeInTheDocument();
    expect(
      within(items[0]).getByText(
        'Update the permissions of meshport-sales-orders-dev',
      ),
    ).toBeInTheDocument();
    expect(within(items[1]).getByText('To create')).toBeInTheDocument();
    expect(
      screen.getByText(/^Planned by the run of .*: 1 created, 1 updated\.$/),
    ).toBeInTheDocument();

    await userEvent.click(
      within(items[0]).getByRole('button', { name: 'Show the diff' }),
    );
    const diff = within(items[0]).getByLabelText(
      'Diff of arn:aws:iam::1:policy/meshport-sales-orders-dev',
    );
    expect(
      [...diff.querySelectorAll('[data-kind="added"]')].map(l => l.textContent),
    ).toEqual(['+   "s3:GetObject",', '+   "s3:ListBucket"']);
    expect(
      [...diff.querySelectorAll('[data-kind="removed"]')].map(
        l => l.textContent,
      ),
    ).toEqual(['-   "s3:GetObject"']);
    // A created role without a recorded diff offers none.
    expect(
      within(items[1]).queryByRole('button', { name: 'Show the diff' }),
    ).not.toBeInTheDocument();
  });

  it('shows the run history and the operations of a run when its row is clicked', async () => {
    const api = mockApi();
    await renderTab(api);

    const history = await screen.findByRole('table', { name: 'Run history' });
    expect(
      within(history).getByText('Changes to this product'),
    ).toBeInTheDocument();
    const failedRow = within(history).getByText('Access change').closest('tr')!;
    expect(within(failedRow).getByText('Applied')).toBeInTheDocument();
    expect(within(failedRow).getByText('failed')).toBeInTheDocument();
    expect(within(failedRow).getByText('2 s')).toBeInTheDocument();
    // This product's part of the mesh-wide run, never its 120 operations.
    expect(
      await within(failedRow).findByText('1 updated (1 failed)'),
    ).toBeInTheDocument();
    expect(history.textContent).not.toMatch(/120/);
    const scheduledRow = within(history).getByText('Scheduled').closest('tr')!;
    expect(within(scheduledRow).getByText('Plan only')).toBeInTheDocument();
    expect(
      within(scheduledRow).getByText('Planned: 2 created'),
    ).toBeInTheDocument();
    expect(api.getProductRunChanges).toHaveBeenCalledWith(ENTITY_REF, [
      failedRun.id,
      finishedRun.id,
    ]);
    // Runs are named by their time, never their id.
    expect(history.textContent).not.toMatch(
      /[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d\d-\d\dT|grant-change|schedule\b/,
    );

    await userEvent.click(failedRow);

    const started = new Date(failedRun.startedAt!).toLocaleString();
    const operations = await screen.findByRole('table', {
      name: `Operations of the run started ${started}`,
    });
    expect(api.getProvisioningRun).toHaveBeenCalledWith(failedRun.id);
    expect(
      within(operations).getByText('meshport-sales-orders-dev-service-1'),
    ).toBeInTheDocument();
    expect(
      within(operations).getByText('AccessDenied: iam:CreatePolicyVersion'),
    ).toBeInTheDocument();

    await userEvent.click(failedRow);
    expect(
      screen.queryByRole('table', {
        name: `Operations of the run started ${started}`,
      }),
    ).not.toBeInTheDocument();
  });

  it('says when there are no runs yet', async () => {
    await renderTab(
      mockApi({
        getProvisioningPlan: jest.fn(async () => ({
          ...salesOrdersPlan,
          lastRun: undefined,
        })),
        listProvisioningRuns: jest.fn(async () => ({
          items: [],
          totalCount: 0,
        })),
      }),
    );

    expect(await screen.findByText(/No runs yet/)).toBeInTheDocument();
    expect(
      screen.getByText('This product has not been reconciled yet.'),
    ).toBeInTheDocument();
  });

  it('explains an empty plan', async () => {
    const emptyPlan: DataProductProvisioningPlanResponse = {
      ...salesOrdersPlan,
      provisioners: [
        {
          id: 'aws',
          resources: {
            roles: [],
            glueDatabases: [],
            workgroups: [],
            buckets: [],
          },
          filtered: true,
          pendingOperations: [],
          problems: [],
        },
      ],
    };
    await renderTab(
      mockApi({ getProvisioningPlan: jest.fn(async () => emptyPlan) }),
    );

    expect(
      await screen.findByText('No AWS resources for this product'),
    ).toBeInTheDocument();
  });

  it('queues a run with "Reconcile now" and follows it until it finishes', async () => {
    let runs = [failedRun, finishedRun];
    const api = mockApi({
      listProvisioningRuns: jest.fn(async () => ({
        items: runs,
        totalCount: runs.length,
      })),
      triggerProvisioningRun: jest.fn(async () => {
        runs = [queuedRun, ...runs];
        return { run: queuedRun };
      }),
    });
    await renderTab(api, { pollIntervalMs: 20 });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Reconcile now' }),
    );

    expect(api.triggerProvisioningRun).toHaveBeenCalledWith({
      entityRef: ENTITY_REF,
    });
    const notice = await screen.findByText('A run for this product:');
    const alert = notice.closest('[role="alert"]') as HTMLElement;
    expect(within(alert).getByText('queued')).toBeInTheDocument();
    const history = await screen.findByRole('table', { name: 'Run history' });
    await waitFor(() =>
      expect(within(history).getByText('Reconcile now')).toBeInTheDocument(),
    );

    // The reconciler picks the run up and finishes it; the tab keeps polling.
    const planCalls = (api.getProvisioningPlan as jest.Mock).mock.calls.length;
    runs = [
      {
        ...queuedRun,
        status: 'succeeded',
        startedAt: '2025-03-03T12:00:01.000Z',
        finishedAt: '2025-03-03T12:00:05.000Z',
      },
      ...runs.slice(1),
    ];
    await waitFor(() =>
      expect(within(alert).getByText('succeeded')).toBeInTheDocument(),
    );
    // ...and reloads the plan, whose last run and pending changes moved on.
    await waitFor(() =>
      expect(
        (api.getProvisioningPlan as jest.Mock).mock.calls.length,
      ).toBeGreaterThan(planCalls),
    );
  });

  it('offers no "Reconcile now" to someone the server would refuse, and says why', async () => {
    await renderTab(mockApi(), {}, AuthorizeResult.DENY);
    expect(
      await screen.findByText(
        /Only the product's owners \(and platform admins\) can reconcile it/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Reconcile now' }),
    ).not.toBeInTheDocument();
  });

  it('disables "Reconcile now" while the request is on its way', async () => {
    let resolve: (value: { run: typeof queuedRun }) => void = () => {};
    const api = mockApi({
      triggerProvisioningRun: jest.fn(
        () => new Promise<{ run: typeof queuedRun }>(r => (resolve = r)),
      ),
    });
    await renderTab(api);
    const button = await screen.findByRole('button', { name: 'Reconcile now' });

    await userEvent.click(button);
    expect(button).toBeDisabled();

    resolve({ run: queuedRun });
    await waitFor(() => expect(button).toBeEnabled());
  });

  it('says so when the user may not reconcile the product', async () => {
    await renderTab(
      mockApi({
        triggerProvisioningRun: jest.fn(async () => {
          throw responseError(
            403,
            'NotAllowedError',
            'Only the owners of Sales Orders — Sales team — or a Meshport admin can reconcile it.',
          );
        }),
      }),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Reconcile now' }),
    );

    // The server's sentence, as it says it: who may, by title.
    expect(
      await screen.findByText(
        'Only the owners of Sales Orders — Sales team — or a Meshport admin can reconcile it.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the server's message when a run cannot be queued", async () => {
    await renderTab(
      mockApi({
        triggerProvisioningRun: jest.fn(async () => {
          throw responseError(
            503,
            'ServiceUnavailableError',
            'Reconciler stopped',
          );
        }),
      }),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Reconcile now' }),
    );

    expect(
      await screen.findByText('Could not queue a run: Reconciler stopped'),
    ).toBeInTheDocument();
  });

  it('shows an error panel when the plan cannot be loaded', async () => {
    await renderTab(
      mockApi({
        getProvisioningPlan: jest.fn(async () => {
          throw new Error('No DataProduct dataproduct:default/sales-orders');
        }),
      }),
    );

    expect(
      await screen.findByText(
        'Error: No DataProduct dataproduct:default/sales-orders',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Reconcile now' }),
    ).not.toBeInTheDocument();
  });
});
