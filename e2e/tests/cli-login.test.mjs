// `meshport login` through the browser: the CLI prints the portal's /meshport/cli-login page with
// its loopback callback; the user opens it, signs in with the portal's normal sign-in, sees which
// CLI asks and clicks Allow; the CLI stores the token (0600) and `meshport get` works with it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { baseUrl, openBrowser } from '../browser.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const meshportBin = path.join(root, 'packages', 'cli', 'dev', 'meshport');

/** Starts `meshport <args>`; `lines` fills with what it prints, `done` ends with its exit. */
function startMeshport(args, env) {
  const child = spawn(process.execPath, [meshportBin, ...args], {
    cwd: root,
    env,
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', chunk => (output.stdout += chunk));
  child.stderr.on('data', chunk => (output.stderr += chunk));
  const done = new Promise(resolve =>
    child.on('close', code => resolve({ code, ...output })),
  );
  return { child, output, done };
}

async function waitFor(predicate, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

describe('meshport login in the browser', () => {
  let browser;
  let configDir;
  before(async () => {
    browser = await openBrowser();
    configDir = mkdtempSync(path.join(tmpdir(), 'meshport-cli-login-'));
  });
  after(async () => {
    await browser?.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('signs the CLI in on the portal page, then meshport get uses the stored token', async () => {
    const env = { ...process.env, MESHPORT_CONFIG_DIR: configDir };
    delete env.MESHPORT_TOKEN;
    delete env.MESHPORT_PORTAL;
    const login = startMeshport(
      ['login', '--portal', baseUrl, '--no-browser', '--timeout', '3m'],
      env,
    );
    try {
      const url = await waitFor(
        () =>
          login.output.stderr
            .split('\n')
            .find(line => line.startsWith(`${baseUrl}/meshport/cli-login?`)),
        'the sign-in URL meshport login prints',
      );
      const callback = new URL(new URL(url).searchParams.get('callback'));
      assert.equal(callback.hostname, '127.0.0.1');

      // Not signed in yet: the portal's own sign-in first, then the page.
      const { page } = browser;
      await page.goto(url);
      await page.getByRole('button', { name: 'Enter' }).click();
      await page
        .getByText('A command line asks to use your sign-in')
        .waitFor({ timeout: 60_000 });
      await page
        .getByText(/meshport CLI on /)
        .first()
        .waitFor();
      await page.screenshot({
        path: path.join(root, 'docs', 'images', 'cli-login.png'),
      });
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.getByText(/return to your terminal/).waitFor();

      const result = await login.done;
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stdout,
        new RegExp(
          `^Signed in to ${baseUrl.replace(
            /[.:/]/g,
            '\\$&',
          )} as user:default/guest until .+ GMT; the token is in .+credentials\\.json\\.\\n$`,
        ),
      );
      const credentials = path.join(configDir, 'credentials.json');
      assert.equal(statSync(credentials).mode & 0o777, 0o600);

      // The stored token works: the portal answers get (healthy or not, but known: not 2).
      const got = await startMeshport(
        ['get', 'customer-360', '--output', 'json'],
        env,
      ).done;
      assert.notEqual(got.code, 2, got.stderr);
      assert.equal(
        JSON.parse(got.stdout).catalog[0].entityRef,
        'dataproduct:default/customer-360',
      );
    } finally {
      login.child.kill();
    }
  });
});
