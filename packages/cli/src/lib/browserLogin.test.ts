import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  checkCallbackRequest,
  cliLoginUrl,
  signInWithBrowser,
} from './browserLogin';
import { connect } from './connect';
import { storeLogin } from './session';

const APP = 'http://localhost:3000';
const STATE = 'Zq1ZTBo0E6tVrbcBq1cLQ0aVV1cX3hQk6Kc3oNFmbkM';
const TOKEN =
  'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvYWxpY2UifQ.c2ln';
const expected = { state: STATE, appOrigin: APP };
const post = (body: object, extra: object = {}) => ({
  method: 'POST',
  path: '/callback',
  origin: APP,
  contentType: 'application/json',
  body: JSON.stringify(body),
  ...extra,
});

describe('checkCallbackRequest', () => {
  it("takes the token the portal's page posts with the CLI's state", () => {
    expect(
      checkCallbackRequest(post({ state: STATE, token: TOKEN }), expected),
    ).toEqual({ kind: 'token', token: TOKEN });
    expect(
      checkCallbackRequest(post({ state: STATE, denied: true }), expected),
    ).toEqual({ kind: 'denied' });
  });

  it("answers the browser's preflight from the portal only", () => {
    expect(
      checkCallbackRequest(
        { method: 'OPTIONS', path: '/callback', origin: APP },
        expected,
      ),
    ).toEqual({ kind: 'preflight' });
    expect(
      checkCallbackRequest(
        {
          method: 'OPTIONS',
          path: '/callback',
          origin: 'https://evil.example',
        },
        expected,
      ),
    ).toMatchObject({ kind: 'refused', status: 403 });
  });

  it('refuses another state, another page, another path and a body without a token', () => {
    expect(
      checkCallbackRequest(
        post({ state: `${STATE}x`, token: TOKEN }),
        expected,
      ),
    ).toEqual({
      kind: 'refused',
      status: 400,
      problem:
        'state: does not match the sign-in this CLI started; run meshport login again.',
    });
    expect(
      checkCallbackRequest(post({ token: TOKEN }), expected),
    ).toMatchObject({ kind: 'refused', status: 400 });
    expect(
      checkCallbackRequest(
        post(
          { state: STATE, token: TOKEN },
          { origin: 'https://evil.example' },
        ),
        expected,
      ),
    ).toEqual({
      kind: 'refused',
      status: 403,
      problem:
        'Only the portal at http://localhost:3000 may sign in this CLI (the request came from https://evil.example).',
    });
    expect(
      checkCallbackRequest(
        post({ state: STATE, token: TOKEN }, { origin: undefined }),
        expected,
      ),
    ).toMatchObject({ kind: 'refused', status: 403 });
    expect(
      checkCallbackRequest(
        post({ state: STATE, token: TOKEN }, { path: '/other' }),
        expected,
      ),
    ).toMatchObject({ kind: 'refused', status: 404 });
    expect(
      checkCallbackRequest(post({ state: STATE, token: 'x' }), expected),
    ).toEqual({
      kind: 'refused',
      status: 400,
      problem: 'token: must be the Backstage token of the user.',
    });
    expect(
      checkCallbackRequest(
        { ...post({}), method: 'GET', body: undefined },
        expected,
      ),
    ).toMatchObject({ kind: 'refused', status: 405 });
    expect(
      checkCallbackRequest(
        post({ state: STATE, token: TOKEN }, { contentType: 'text/plain' }),
        expected,
      ),
    ).toMatchObject({ kind: 'refused', status: 415 });
  });

  it("builds the page's URL with the loopback callback, the state and who asks", () => {
    const url = new URL(
      cliLoginUrl(APP, 'http://127.0.0.1:5000/callback', STATE, 'meshport CLI'),
    );
    expect(url.origin + url.pathname).toBe(
      'http://localhost:3000/meshport/cli-login',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      callback: 'http://127.0.0.1:5000/callback',
      state: STATE,
      client: 'meshport CLI',
    });
  });
});

describe('signInWithBrowser', () => {
  it('listens on 127.0.0.1 only, and resolves to the token posted with the state', async () => {
    const printed: string[] = [];
    const signIn = signInWithBrowser({
      app: APP,
      open: false,
      timeoutMs: 60_000,
      print: line => printed.push(line),
    });
    while (printed.length < 2) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const page = new URL(printed[1]);
    const callback = new URL(page.searchParams.get('callback')!);
    expect(callback.hostname).toBe('127.0.0.1');
    const state = page.searchParams.get('state')!;
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const send = (body: object, origin = APP) =>
      fetch(callback, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify(body),
      });
    const wrongState = await send({ state: STATE, token: TOKEN });
    expect(wrongState.status).toBe(400);
    const elsewhere = await send(
      { state, token: TOKEN },
      'http://evil.example',
    );
    expect(elsewhere.status).toBe(403);
    const accepted = await send({ state, token: TOKEN });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('access-control-allow-origin')).toBe(APP);
    await expect(signIn).resolves.toBe(TOKEN);
  });

  it('ends with a sentence when the user refuses on the page', async () => {
    const printed: string[] = [];
    const signIn = signInWithBrowser({
      app: APP,
      open: false,
      timeoutMs: 60_000,
      print: line => printed.push(line),
    });
    while (printed.length < 2) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const page = new URL(printed[1]);
    const refused = signIn.then(
      () => 'signed in',
      (error: Error) => error.message,
    );
    await fetch(page.searchParams.get('callback')!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: APP },
      body: JSON.stringify({
        state: page.searchParams.get('state'),
        denied: true,
      }),
    });
    expect(await refused).toBe(
      'You refused the sign-in on the portal page; nothing was stored.',
    );
  });
});

describe('an expired browser sign-in', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('says to run meshport login instead of sending the token', async () => {
    process.env.MESHPORT_CONFIG_DIR = await fs.mkdtemp(
      path.join(os.tmpdir(), 'meshport-expired-'),
    );
    delete process.env.MESHPORT_TOKEN;
    delete process.env.MESHPORT_PORTAL;
    await storeLogin('http://portal.example', {
      token: TOKEN,
      expiresAt: '2026-01-02T03:04:05.000Z',
    });
    await expect(connect({})).rejects.toThrow(
      'Your sign-in to http://portal.example expired on Fri, 02 Jan 2026 03:04:05 GMT: run meshport login --portal http://portal.example.',
    );
  });
});
