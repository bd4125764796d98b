// The adopted stock app at work: its backend started on a port of ours, then what a user of the
// portal would notice: the catalog holds the kinds, Meshport's routes answer a signed-in user and
// refuse an anonymous caller, a non-owner cannot approve, and a DataProduct page shows Meshport's
// cards and tabs in Chromium.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { chromium } from 'playwright-core';

/** Starts the stock backend (serving the built app) on `port`; resolves once it answers. */
export async function startBackend({ appDir, port, env, workDir, app }) {
  const baseUrl = `http://127.0.0.1:${port}`;
  const overrides = path.join(appDir, 'app-config.adoption.yaml');
  // test-only settings: our port, an in-memory database; nothing of the guide
  fs.writeFileSync(
    overrides,
    YAML.stringify({
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        cors: { origin: baseUrl },
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      catalog: { processingInterval: { seconds: 5 } },
    }),
  );
  const logFile = path.join(workDir, `${app}-backend.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(
    'yarn',
    [
      'workspace',
      'backend',
      'start',
      '--config',
      path.join(appDir, 'app-config.yaml'),
      '--config',
      overrides,
    ],
    { cwd: appDir, env, detached: true, stdio: ['ignore', out, out] },
  );
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already stopped
    }
  };
  process.on('exit', stop);
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the ${app} backend stopped; see ${logFile}`);
    }
    const ok = await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
      .then(res => res.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      stop();
      throw new Error(
        `the ${app} backend did not answer in 180 s; see ${logFile}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  return { baseUrl, stop, logFile };
}

async function eventually(what, fn, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: ${last?.message ?? last}`);
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

/** A token of the guest user, as the app's sign-in gets it. */
async function guestToken(baseUrl) {
  const res = await fetch(
    `${baseUrl}/api/auth/guest/refresh?optional&env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  assert.equal(res.status, 200, `guest sign-in: ${await res.clone().text()}`);
  const body = await res.json();
  return body.backstageIdentity;
}

export async function checkPortal({
  baseUrl,
  app,
  workDir,
  permissionModule,
  log,
}) {
  // the catalog ingests the organisation after start; the sign-in resolves ownership from it
  const identity = await eventually(
    'the guest is a member of team-sales',
    async () => {
      const signedIn = await guestToken(baseUrl);
      assert.equal(signedIn.identity.userEntityRef, 'user:default/guest');
      assert.ok(
        signedIn.identity.ownershipEntityRefs.includes(
          'group:default/team-sales',
        ),
        `ownership: ${signedIn.identity.ownershipEntityRefs}`,
      );
      return signedIn;
    },
  );
  const token = identity.token;
  const api = (route, init = {}, withToken = true) =>
    fetch(`${baseUrl}/api/${route}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(withToken ? { authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
    });

  // the catalog: a DataProduct, its Datasets related both ways, the templates
  const product = await eventually(
    'the catalog holds sales-orders',
    async () => {
      const res = await api(
        'catalog/entities/by-name/dataproduct/default/sales-orders',
      );
      assert.equal(res.status, 200);
      const entity = await res.json();
      const outputs = entity.relations.filter(r => r.type === 'hasOutput');
      assert.ok(outputs.length >= 2, 'relations processed');
      return entity;
    },
  );
  const outputs = product.relations
    .filter(r => r.type === 'hasOutput')
    .map(r => r.targetRef)
    .sort();
  assert.deepEqual(outputs, [
    'dataset:default/order-lines',
    'dataset:default/orders',
    'dataset:default/orders-legacy-csv',
  ]);
  const datasets = await (
    await api('catalog/entities/by-query?filter=kind=dataset&limit=100')
  ).json();
  assert.ok(
    datasets.items.some(
      d =>
        d.metadata.name === 'orders' && d.spec.dataProduct === 'sales-orders',
    ),
    'the Dataset orders is in the catalog',
  );
  for (const name of ['data-product', 'dataset']) {
    const res = await api(`catalog/entities/by-name/template/default/${name}`);
    assert.equal(res.status, 200, `template ${name} is in the catalog`);
  }
  log(
    `${app}: catalog: sales-orders with ${outputs.length} datasets, ${datasets.items.length} datasets in all, both templates`,
  );

  // Meshport's routes: a signed-in user gets answers, an anonymous caller a 401
  for (const route of [
    'data-products/access/requests?mine=true',
    'data-products/retirement?entityRef=dataproduct:default/sales-orders',
    'data-products/slo/summary?dataProduct=dataproduct:default/sales-orders',
  ]) {
    const withUser = await api(route);
    assert.equal(
      withUser.status,
      200,
      `${route} with a user token: ${await withUser.text()}`,
    );
    const anonymous = await api(route, {}, false);
    assert.equal(anonymous.status, 401, `${route} without a token`);
  }
  log(
    `${app}: Meshport routes answer the guest and refuse an anonymous caller (401)`,
  );

  // a non-owner cannot approve: the guest (team-sales) asks for finance's restricted dataset, then
  // tries to approve the request itself
  const created = await api('data-products/access/requests', {
    method: 'POST',
    body: JSON.stringify({
      consumer: 'dataproduct:default/sales-forecast',
      dataset: 'dataset:default/revenue-monthly',
      purpose: 'Weekly forecast of revenue per channel',
    }),
  });
  assert.equal(
    created.status,
    201,
    `access request: ${await created.clone().text()}`,
  );
  const request = await created.json();
  const approve = await api(
    `data-products/access/requests/${request.id}/approve`,
    {
      method: 'POST',
      body: JSON.stringify({ note: 'approving my own request' }),
    },
  );
  const approveBody = await approve.text();
  const approveMessage = (() => {
    try {
      return JSON.parse(approveBody).error?.message ?? approveBody;
    } catch {
      return approveBody;
    }
  })();
  if (permissionModule) {
    assert.equal(approve.status, 403, `non-owner approval: ${approveBody}`);
  } else {
    assert.ok(
      approve.status >= 400,
      `non-owner approval was accepted: ${approveBody}`,
    );
  }
  log(
    `${app}: the guest cannot approve a request for finance's dataset: ${
      approve.status
    } "${approveMessage}"${
      permissionModule
        ? ''
        : ' (permission module not in this checkout: the stock allow-all policy is installed)'
    }`,
  );

  await checkPage({ baseUrl, app, workDir, log });
}

async function checkPage({ baseUrl, app, workDir, log }) {
  const profile = fs.mkdtempSync(
    path.join(os.tmpdir(), 'meshport-adoption-chromium-'),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 1000 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(60_000);
    await page.goto(`${baseUrl}/catalog/default/dataproduct/sales-orders`);
    // the new frontend system's stock sign-in page asks for a click; the legacy one signs in itself
    const enter = page.getByRole('button', { name: 'Enter' });
    const signInPage = await enter
      .waitFor({ timeout: 20_000 })
      .then(() => true)
      .catch(() => false);
    if (signInPage) await enter.click();
    try {
      await page.getByText('Data product', { exact: true }).first().waitFor();
      await page.getByText('Data flow', { exact: true }).first().waitFor();
      // the entity page's tabs: role tab in the legacy app, links in the new frontend system
      const tab = name =>
        page
          .getByRole('tab', { name, exact: true })
          .or(page.getByRole('link', { name, exact: true }))
          .first();
      for (const name of ['Provisioning', 'Access', 'Retirement']) {
        await tab(name).waitFor();
      }
      await tab('Access').click();
      await page.waitForURL(/\/access$/);
      // the product's Access tab: the datasets it asked to read, then its datasets' consumers
      await page.getByText('Inputs', { exact: true }).first().waitFor();
    } catch (error) {
      await page.screenshot({ path: path.join(workDir, `${app}-failure.png`) });
      throw error;
    }
    await page.screenshot({
      path: path.join(workDir, `${app}-data-product-page.png`),
    });
    await page.goto(`${baseUrl}/access-requests`);
    await page.getByText('Access requests').first().waitFor();
    log(
      `${app}: DataProduct page with the overview and data-flow cards and the Provisioning, Access and Retirement tabs; the Access requests page`,
    );
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
