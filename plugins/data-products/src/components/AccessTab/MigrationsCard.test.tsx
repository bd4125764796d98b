import { configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  dataProductsAccessRequestCreatePermission,
  type Consumption,
} from '@meshport/plugin-data-products-common';
import { EntityDataProductAccessContent } from './EntityDataProductAccessContent';
import {
  FORECAST_REF,
  accessRequest,
  mockAccessApi,
  salesForecast,
} from './__testUtils__/testData';
import { renderAccessView } from './__testUtils__/testUtils';

jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

const V1 = 'dataset:default/order-lines';
const V2 = 'dataset:default/order-lines-v2';

/** The sunset as the reader's locale writes it. */
const SUNSET_TEXT = new Date('2027-03-01T00:00:00Z').toLocaleDateString(
  undefined,
  { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' },
);

function setup(
  allowed: boolean,
  migration: Partial<Consumption['migration']> = {},
) {
  const held = accessRequest({
    dataset: V1,
    status: 'granted',
    environments: ['dev'],
  });
  const api = mockAccessApi([held]);
  const input: Consumption = {
    consumer: FORECAST_REF,
    consumerTitle: 'Sales forecast',
    dataset: V1,
    datasetTitle: 'Order lines',
    state: 'granted',
    declared: true,
    request: {
      id: held.id,
      status: 'granted',
      requester: held.requester,
      environments: ['dev'],
    },
    grantedEnvironments: ['dev'],
    undeclaredGrant: false,
    undeclaredRead: false,
    migration: {
      successor: V2,
      successorTitle: 'Order lines v2',
      version: '2.0.0',
      sunset: '2027-03-01',
      changes: [
        {
          dataset: V2,
          kind: 'column-removed',
          severity: 'breaking',
          path: 'spec.schema.columns.discount',
          message: 'Column discount removed.',
        },
      ],
      needsApproval: false,
      ...migration,
    },
  };
  const view = renderAccessView(
    <EntityProvider entity={salesForecast}>
      <EntityDataProductAccessContent />
    </EntityProvider>,
    {
      api,
      allowed: allowed ? [dataProductsAccessRequestCreatePermission.name] : [],
      consumption: { consumers: [], inputs: [input] },
    },
  );
  return { api, held, view };
}

describe('Migrate to v2 on the product Access tab', () => {
  it('shows the new version, its sunset in the reader’s locale and the changes, and moves on accept', async () => {
    const { api, held, view } = setup(true);
    await view;

    const group = await screen.findByRole('group', {
      name: 'Migrate to v2: Order lines',
    });
    expect(
      within(group).getByText('Migrate to v2: Order lines v2'),
    ).toBeInTheDocument();
    expect(within(group).getByText(SUNSET_TEXT)).toBeInTheDocument();
    const changes = within(group).getByRole('list', {
      name: 'Changes in Order lines v2',
    });
    expect(
      within(changes).getByText('Column discount removed.'),
    ).toBeInTheDocument();
    expect(within(changes).getByText('Breaking')).toBeInTheDocument();

    await userEvent.click(
      within(group).getByRole('button', { name: 'Migrate to v2' }),
    );

    expect(api.migrateAccessRequest).toHaveBeenCalledWith(held.id, {
      successor: V2,
    });
    const lastDay = new Date('2027-03-01T00:00:00Z').toLocaleDateString(
      undefined,
      { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' },
    );
    expect(
      await within(group).findByText(
        `Moved: this product now reads Order lines v2 in dev, and keeps reading the old version until ${lastDay}.`,
      ),
    ).toBeInTheDocument();
    expect(
      within(group).queryByRole('button', { name: 'Migrate to v2' }),
    ).not.toBeInTheDocument();
  });

  it('offers no button to someone the server would refuse', async () => {
    const { view } = setup(false);
    await view;
    const group = await screen.findByRole('group', {
      name: 'Migrate to v2: Order lines',
    });
    expect(
      within(group).getByText(
        'Only the owners of this product can accept the new version.',
      ),
    ).toBeInTheDocument();
    expect(within(group).queryByRole('button')).not.toBeInTheDocument();
  });

  it('says where an accepted migration stands, and that a tighter access asks the owners', async () => {
    const { view } = setup(true, {
      needsApproval: true,
      successorRequest: { id: 'later', status: 'pending' },
    });
    await view;
    const group = await screen.findByRole('group', {
      name: 'Migrate to v2: Order lines',
    });
    expect(
      within(group).getByText(
        /Its access is tighter: accepting asks its owners/,
      ),
    ).toBeInTheDocument();
    expect(
      within(group).getByText(
        'Accepted: the access to Order lines v2 waits for its owners.',
      ),
    ).toBeInTheDocument();
    expect(within(group).queryByRole('button')).not.toBeInTheDocument();
  });
});
