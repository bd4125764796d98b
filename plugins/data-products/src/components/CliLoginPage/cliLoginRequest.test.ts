import { parseCliLoginRequest } from './cliLoginRequest';

const STATE = 'Zq1ZTBo0E6tVrbcBq1cLQ0aVV1cX3hQk6Kc3oNFmbkM';
const search = (params: Record<string, string>) =>
  `?${new URLSearchParams(params)}`;

describe('parseCliLoginRequest', () => {
  it('accepts a loopback IP callback with the state and who asks', () => {
    expect(
      parseCliLoginRequest(
        search({
          callback: 'http://127.0.0.1:53682/callback',
          state: STATE,
          client: 'meshport CLI on laptop (alice)',
        }),
      ),
    ).toEqual({
      ok: true,
      request: {
        callback: 'http://127.0.0.1:53682/callback',
        state: STATE,
        client: 'meshport CLI on laptop (alice)',
      },
    });
    expect(
      parseCliLoginRequest(
        search({ callback: 'http://[::1]:8123/callback', state: STATE }),
      ),
    ).toMatchObject({ ok: true, request: { client: 'A meshport CLI' } });
  });

  it.each([
    'https://evil.example/callback',
    'http://localhost:53682/callback',
    'http://127.0.0.1.evil.example:53682/callback',
    'http://10.0.0.1:53682/callback',
    'http://127.0.0.1/callback',
    'http://127.0.0.1:53682/elsewhere',
    'http://me:secret@127.0.0.1:53682/callback',
    'http://127.0.0.1:53682/callback?next=https://evil.example',
    'https://127.0.0.1:53682/callback',
    // eslint-disable-next-line no-script-url
    'javascript:alert(1)',
  ])('refuses the callback %s', callback => {
    const result = parseCliLoginRequest(search({ callback, state: STATE }));
    expect(result).toEqual({
      ok: false,
      problem: `callback: must be http://127.0.0.1:<port>/callback on your own computer; ${callback} is not, so your sign-in is not sent there.`,
    });
  });

  it('refuses a missing callback, a bad state and a client of several lines', () => {
    expect(parseCliLoginRequest('')).toEqual({
      ok: false,
      problem:
        'callback: missing. Open this page from the link meshport login prints.',
    });
    const callback = 'http://127.0.0.1:53682/callback';
    for (const state of ['', 'short', `${STATE}!`]) {
      expect(parseCliLoginRequest(search({ callback, state }))).toEqual({
        ok: false,
        problem:
          'state: must be the 32 to 128 letters, digits, - and _ that meshport login chose.',
      });
    }
    expect(
      parseCliLoginRequest(
        search({ callback, state: STATE, client: 'CLI\nAllow now' }),
      ),
    ).toMatchObject({ ok: false });
    expect(
      parseCliLoginRequest(search({ callback: 'not a url', state: STATE })),
    ).toEqual({
      ok: false,
      problem: 'callback: must be a URL (got "not a url").',
    });
  });
});
