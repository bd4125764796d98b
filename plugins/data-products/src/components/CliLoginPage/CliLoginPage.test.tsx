import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Route, Routes } from 'react-router-dom';
import { CliLoginPage } from './CliLoginPage';

jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

const STATE = 'Zq1ZTBo0E6tVrbcBq1cLQ0aVV1cX3hQk6Kc3oNFmbkM';
const identity = {
  getBackstageIdentity: async () => ({
    type: 'user' as const,
    userEntityRef: 'user:default/alice',
    ownershipEntityRefs: [],
  }),
  getProfileInfo: async () => ({ displayName: 'Alice Martin' }),
  getCredentials: async () => ({ token: 'header.payload.signature' }),
  signOut: async () => {},
};

async function renderPage(search: string) {
  await renderInTestApp(
    <TestApiProvider apis={[[identityApiRef, identity]]}>
      <Routes>
        <Route path="/meshport/cli-login" element={<CliLoginPage />} />
      </Routes>
    </TestApiProvider>,
    { routeEntries: [`/meshport/cli-login${search}`] },
  );
}

const query = (params: Record<string, string>) =>
  `?${new URLSearchParams(params)}`;

describe('CliLoginPage', () => {
  const fetchMock = jest.fn();
  beforeEach(() => {
    fetchMock.mockReset();
    global.fetch = fetchMock as any;
  });

  it("says which CLI asks, and on Allow sends the user's token to its loopback address only", async () => {
    fetchMock.mockResolvedValue({ ok: true, json: async () => ({}) });
    await renderPage(
      query({
        callback: 'http://127.0.0.1:53682/callback',
        state: STATE,
        client: 'meshport CLI on laptop (alice)',
      }),
    );
    expect(
      await screen.findByText(/meshport CLI on laptop \(alice\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('Alice Martin')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Allow' }));
    expect(
      await screen.findByText(
        'Signed in as Alice Martin: return to your terminal.',
      ),
    ).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('http://127.0.0.1:53682/callback');
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit' });
    expect(JSON.parse(init.body)).toEqual({
      state: STATE,
      token: 'header.payload.signature',
    });
  });

  it('tells the CLI when the user denies, without the token', async () => {
    fetchMock.mockResolvedValue({ ok: true, json: async () => ({}) });
    await renderPage(
      query({ callback: 'http://127.0.0.1:53682/callback', state: STATE }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Deny' }));
    expect(
      await screen.findByText(
        'You refused: the CLI was told, and has no token.',
      ),
    ).toBeInTheDocument();
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({
      state: STATE,
      denied: true,
    });
  });

  it('offers nothing for a callback that is not on this computer', async () => {
    await renderPage(
      query({ callback: 'https://evil.example/callback', state: STATE }),
    );
    expect(
      await screen.findByText('Error: This sign-in link cannot be used'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'callback: must be http://127.0.0.1:<port>/callback on your own computer; https://evil.example/callback is not, so your sign-in is not sent there.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Allow' }),
    ).not.toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says when the CLI stopped listening', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await renderPage(
      query({ callback: 'http://127.0.0.1:53682/callback', state: STATE }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Allow' }));
    await waitFor(() =>
      expect(
        screen.getByText(
          'The CLI no longer listens at http://127.0.0.1:53682/callback: run meshport login again and open the new link.',
        ),
      ).toBeInTheDocument(),
    );
  });
});
