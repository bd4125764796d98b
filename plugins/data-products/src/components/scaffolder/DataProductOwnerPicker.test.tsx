import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { configure } from '@testing-library/react';
import {
  DataProductOwnerPicker,
  dataProductOwnerValidation,
  groupRefsOf,
  readUntil,
} from './DataProductOwnerPicker';

// The server's decision on the admin permission (usePermission caches decisions across renders).
let adminAllowed = false;
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: () => ({ loading: false, allowed: adminAllowed }),
}));

// The machine running the suite may be busy: generous limits, no timing asserted.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);

const group = (name: string, displayName: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [], profile: { displayName } },
});
const groups = [
  group('team-sales', 'Sales'),
  group('team-finance', 'Finance'),
  group('team-marketing', 'Marketing'),
];

let last: string | undefined;

// the catalog of a portal that has just started has read no group yet
let catalogReady = true;
const catalogApi = {
  getEntities: jest.fn(async () => ({ items: groups })),
  getEntitiesByRefs: jest.fn(
    async ({ entityRefs }: { entityRefs: string[] }) => ({
      items: entityRefs.map(ref =>
        catalogReady
          ? groups.find(g => stringifyEntityRef(g) === ref)
          : undefined,
      ),
    }),
  ),
};

function Form() {
  const [value, setValue] = useState<string | undefined>();
  last = value;
  return (
    <DataProductOwnerPicker
      {...({} as any)}
      formData={value}
      onChange={setValue}
      schema={{ title: 'Owner' }}
      uiSchema={{}}
      rawErrors={[]}
      idSchema={{ $id: 'owner' }}
    />
  );
}

async function render(options: { groups: string[]; admin: boolean }) {
  adminAllowed = options.admin;
  const identity = {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: ['user:default/alice', ...options.groups],
    }),
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [identityApiRef, identity as any],
        [catalogApiRef, catalogApi as any],
      ]}
    >
      <Form />
    </TestApiProvider>,
  );
}

const optionsShown = async () => {
  // the popup button, once the options have loaded (it says "Close" once open)
  await userEvent.click(await screen.findByRole('button', { name: 'Open' }));
  const listbox = await screen.findByRole('listbox');
  return within(listbox)
    .getAllByRole('option')
    .map(option => option.textContent);
};

describe('DataProductOwnerPicker', () => {
  beforeEach(() => {
    last = undefined;
    catalogReady = true;
    catalogApi.getEntitiesByRefs.mockClear();
  });

  it('offers at once a group the sign-in names but the catalog never had, by its name', async () => {
    await render({
      groups: ['group:default/team-sales', 'group:default/team-gone'],
      admin: false,
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Open' }));
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual(['Sales', 'team-gone']);
    // one read: the missing group does not keep the picker loading
    expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledTimes(1);
  });

  it('shows loading, then the groups, while a portal that has just started reads them', async () => {
    catalogReady = false;
    await render({
      groups: ['group:default/team-sales', 'group:default/team-finance'],
      admin: false,
    });
    // opened while the catalog has none of them yet: loading, never "No options"
    await userEvent.click(await screen.findByRole('button', { name: 'Open' }));
    expect(await screen.findByText('Loading…')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Owner/ })).toHaveAttribute(
      'aria-busy',
      'true',
    );
    expect(screen.queryByText('No options')).not.toBeInTheDocument();
    expect(
      screen.queryByText(/not a member of any group/),
    ).not.toBeInTheDocument();
    catalogReady = true;
    const listbox = await screen.findByRole('listbox');
    await waitFor(() =>
      expect(
        within(listbox)
          .getAllByRole('option')
          .map(option => option.textContent),
      ).toEqual(['Finance', 'Sales']),
    );
    expect(screen.getByRole('textbox', { name: /Owner/ })).toHaveAttribute(
      'aria-busy',
      'false',
    );
    expect(catalogApi.getEntitiesByRefs.mock.calls.length).toBeGreaterThan(1);
  });

  it("offers only the user's own groups", async () => {
    await render({
      groups: ['group:default/team-sales', 'group:default/team-finance'],
      admin: false,
    });
    expect(await optionsShown()).toEqual(['Finance', 'Sales']);
    await userEvent.click(screen.getByRole('option', { name: 'Sales' }));
    expect(last).toBe('group:default/team-sales');
  });

  it('chooses the only group for the user and fixes it', async () => {
    await render({ groups: ['group:default/team-sales'], admin: false });
    await waitFor(() => expect(last).toBe('group:default/team-sales'));
    expect(screen.getByRole('textbox', { name: /Owner/ })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: /Owner/ })).toHaveValue('Sales');
  });

  it('offers every group to a Meshport admin (the server says so)', async () => {
    await render({ groups: ['group:default/data-platform'], admin: true });
    await waitFor(() => expect(catalogApi.getEntities).toHaveBeenCalled());
    await waitFor(() => expect(catalogApi.getEntities).toHaveBeenCalled());
    expect(await optionsShown()).toEqual(['Finance', 'Marketing', 'Sales']);
  });

  it('says so when the user is in no group', async () => {
    await render({ groups: [], admin: false });
    expect(
      await screen.findByText(
        'You are not a member of any group: ask to join a team first.',
      ),
    ).toBeInTheDocument();
  });

  it('reads until the catalog holds every group, or the wait is over', async () => {
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
    };
    let n = 0;
    const read = async () => ++n;
    const wait = { totalMs: 3000, everyMs: 1000 };
    expect(await readUntil(read, v => v >= 2, wait, sleep)).toBe(2);
    expect(sleeps).toEqual([1000]);
    n = 0;
    sleeps.length = 0;
    // never complete: three waits, then the last read
    expect(await readUntil(read, () => false, wait, sleep)).toBe(4);
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it('requires a choice, and keeps only group refs', () => {
    const errors: string[] = [];
    dataProductOwnerValidation(
      '',
      {
        addError: (e: string) => errors.push(e),
      } as any,
      {} as any,
    );
    expect(errors).toEqual(['Choose the team that owns the product']);
    expect(
      groupRefsOf(['user:default/alice', 'group:default/team-sales', 'bad:']),
    ).toEqual(['group:default/team-sales']);
  });
});
