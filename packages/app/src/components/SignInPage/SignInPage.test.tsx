import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  configApiRef,
  discoveryApiRef,
  type IdentityApi,
} from '@backstage/core-plugin-api';
import { MeshportSignInPage } from './SignInPage';
import { SAMPLE_USER_COOKIE } from './sampleUsers';

const AUTH_URL = 'http://localhost:7007/api/auth';

/** A token whose payload says when it expires, like the backend's. */
function fakeToken() {
  const payload = btoa(
    JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 }),
  );
  return `header.${payload}.signature`;
}

function session(userEntityRef: string) {
  return {
    profile: { displayName: userEntityRef },
    backstageIdentity: {
      token: fakeToken(),
      identity: {
        type: 'user',
        userEntityRef,
        ownershipEntityRefs: [userEntityRef],
      },
    },
  };
}

const cookieValue = () =>
  document.cookie
    .split('; ')
    .find(c => c.startsWith(`${SAMPLE_USER_COOKIE}=`))
    ?.split('=')[1];

async function renderPage(sampleUsers?: unknown) {
  const onSignInSuccess = jest.fn<void, [IdentityApi]>();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          configApiRef,
          mockApis.config({
            data: {
              app: { title: 'Meshport' },
              ...(sampleUsers ? { meshport: { sampleUsers } } : {}),
            },
          }),
        ],
        [
          discoveryApiRef,
          {
            getBaseUrl: async (id: string) => `http://localhost:7007/api/${id}`,
          },
        ],
      ]}
    >
      <MeshportSignInPage onSignInSuccess={onSignInSuccess} />
    </TestApiProvider>,
  );
  return { onSignInSuccess };
}

const USERS = [
  { name: 'alice', description: 'team-sales' },
  { name: 'erin', description: 'team-logistics' },
];

describe('MeshportSignInPage', () => {
  let fetchMock: jest.Mock;
  const realFetch = global.fetch;
  afterAll(() => {
    global.fetch = realFetch;
  });
  beforeEach(() => {
    localStorage.clear();
    document.cookie = `${SAMPLE_USER_COOKIE}=; path=/; max-age=0`;
    fetchMock = jest.fn(async (url: string) => {
      const user = url.includes('/sample-users/')
        ? `user:default/${cookieValue()}`
        : 'user:default/guest';
      return new Response(JSON.stringify(session(user)), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    });
    global.fetch = fetchMock as unknown as typeof fetch;
  });

  it('offers the guest and the configured sample users', async () => {
    await renderPage(USERS);

    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in as alice' }),
    ).toHaveTextContent('team-sales');
    expect(
      screen.getByRole('button', { name: 'Sign in as erin' }),
    ).toBeInTheDocument();
  });

  it('offers only the guest when no sample user is configured', async () => {
    await renderPage();

    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(
      screen.queryByText('Sign in as a sample user'),
    ).not.toBeInTheDocument();
  });

  it('signs in as the picked sample user through the proxied provider', async () => {
    const { onSignInSuccess } = await renderPage(USERS);

    await userEvent.click(
      screen.getByRole('button', { name: 'Sign in as erin' }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(cookieValue()).toBe('erin');
    expect(fetchMock).toHaveBeenCalledWith(
      `${AUTH_URL}/sample-users/refresh`,
      expect.objectContaining({ credentials: 'include' }),
    );
    const identity = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/erin',
    });
  });

  it('forgets the sample user on sign-out', async () => {
    const { onSignInSuccess } = await renderPage(USERS);
    await userEvent.click(
      screen.getByRole('button', { name: 'Sign in as alice' }),
    );
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(cookieValue()).toBe('alice');

    await onSignInSuccess.mock.calls[0][0].signOut();

    expect(cookieValue()).toBeUndefined();
    expect(localStorage.getItem('meshport:sign-in-provider')).toBeNull();
  });

  it('keeps the guest sign-in working', async () => {
    const { onSignInSuccess } = await renderPage(USERS);

    await userEvent.click(screen.getByRole('button', { name: 'Enter' }));

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(fetchMock).toHaveBeenCalledWith(
      `${AUTH_URL}/guest/refresh`,
      expect.anything(),
    );
    await expect(
      onSignInSuccess.mock.calls[0][0].getBackstageIdentity(),
    ).resolves.toMatchObject({ userEntityRef: 'user:default/guest' });
  });

  it('signs in again after a reload with the provider chosen before', async () => {
    localStorage.setItem('meshport:sign-in-provider', 'sample-users');
    document.cookie = `${SAMPLE_USER_COOKIE}=erin; path=/`;

    const { onSignInSuccess } = await renderPage(USERS);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
  });

  it("shows the server's message when the sign-in is refused", async () => {
    fetchMock.mockImplementation(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message:
                'user:default/erin is not a User in the catalog: sample users must be catalog Users',
            },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const { onSignInSuccess } = await renderPage(USERS);

    await userEvent.click(
      screen.getByRole('button', { name: 'Sign in as erin' }),
    );

    expect(
      await screen.findByText(
        /user:default\/erin is not a User in the catalog/,
      ),
    ).toBeInTheDocument();
    expect(onSignInSuccess).not.toHaveBeenCalled();
    // the choices are back
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  });
});
