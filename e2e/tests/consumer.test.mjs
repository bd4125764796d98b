// The consumer's experience: the Data home finds a dataset by a column name; the consumers of a
// dataset read the same on its overview, its Access tab and its product's retirement usage (a
// declared-only, a granted and an undeclared consumer, from the server's one consumption model);
// a non-owner is offered no Reconcile / Approve / Retire; the pending-requests table at 1024x768
// shows the whole purpose and the Cancel button. Fixtures: e2e/fixtures/consumer.yaml.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  baseUrl,
  gotoUntilVisible,
  openBrowser,
  signInAs,
  signInAsGuest,
} from '../browser.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const images = path.join(root, 'docs', 'images');

const NS = 'e2e-consumer';
const EVENTS = `dataset:${NS}/parcel-events`;
const HUB_URL = `${baseUrl}/catalog/${NS}/dataproduct/parcel-hub`;
const EVENTS_URL = `${baseUrl}/catalog/${NS}/dataset/parcel-events`;
const LONG_PURPOSE =
  'Schedules the loading docks from the expected parcel volumes per depot and hour';

/** The user's Backstage token, from the sign-in the page already holds. */
async function tokenOf(page, provider) {
  return page.evaluate(async p => {
    const response = await fetch(`/api/auth/${p}/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      credentials: 'include',
    });
    return (await response.json()).backstageIdentity.token;
  }, provider);
}

/** Calls the data-products API as the page's user; retries while the catalog catches up. */
async function api(page, token, method, apiPath, body) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const result = await page.evaluate(
      async ({ method, apiPath, body, token }) => {
        const response = await fetch(`/api/data-products${apiPath}`, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: response.status, body: await response.json() };
      },
      { method, apiPath, body, token },
    );
    if (result.status < 300) return result.body;
    if (Date.now() > deadline) {
      throw new Error(`${method} ${apiPath}: ${JSON.stringify(result)}`);
    }
    await page.waitForTimeout(2_000);
  }
}

describe('the consumer: a home for data, one truth about consumers', () => {
  let guest;
  let erin;
  before(async () => {
    guest = await openBrowser();
    erin = await openBrowser();
    await signInAsGuest(guest.page);
    await signInAs(erin.page, 'erin');
    const guestToken = await tokenOf(guest.page, 'guest');
    const erinToken = await tokenOf(erin.page, 'sample-users');
    const request = (consumer, purpose) =>
      api(guest.page, guestToken, 'POST', '/access/requests', {
        consumer: `dataproduct:${NS}/${consumer}`,
        dataset: EVENTS,
        purpose,
      });
    // ETA model declares the port and gets access; Parcel audit gets access without a port;
    // Dock scheduler asks without a port and waits; Route planner only declares.
    for (const consumer of ['eta-model', 'parcel-audit']) {
      const created = await request(consumer, `Reads scans for ${consumer}`);
      await api(
        erin.page,
        erinToken,
        'POST',
        `/access/requests/${created.id}/approve`,
        { note: 'ok' },
      );
    }
    await request('dock-scheduler', LONG_PURPOSE);
  });
  after(async () => {
    await guest?.close();
    await erin?.close();
  });

  it('finds a dataset by a column name from the home page', async () => {
    const { page } = guest;
    await page.setViewportSize({ width: 1440, height: 900 });
    // the home pages through the catalog by title: Shipments need not be on its first page
    await gotoUntilVisible(page, `${baseUrl}/`, p =>
      p.getByRole('textbox', { name: 'Search data' }),
    );
    // the collator indexes on a schedule: search again until the index holds the sample data
    const deadline = Date.now() + 150_000;
    let first;
    for (;;) {
      await page.goto(`${baseUrl}/`);
      const box = page.getByRole('textbox', { name: 'Search data' });
      await box.fill('delivered_at');
      await box.press('Enter');
      await page.waitForURL(/\/search\?query=delivered_at/);
      first = page
        .getByRole('listitem', { name: /^(Dataset|Data product) / })
        .first();
      try {
        await first.waitFor({ timeout: 5_000 });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await page.waitForTimeout(3_000);
      }
    }
    assert.equal(await first.getAttribute('aria-label'), 'Dataset Shipments');
    assert.match(
      await first.getByLabel('Matched column').innerText(),
      /Column delivered_at/,
    );
    await first.getByText(/^Access: /).waitFor();
    await first.getByText(/^Product: /).waitFor();

    // a column nobody has finds no dataset
    await page.goto(`${baseUrl}/search?query=carrier_code`);
    await page
      .getByText(/no results/i)
      .first()
      .waitFor();
  });

  it('shows the same consumers on the overview, the Access tab and retirement usage', async () => {
    const expected = [
      ['Route planner', 'Declared, no access yet'],
      ['ETA model', 'Granted (dev)'],
      ['Parcel audit', 'Granted (dev)'],
      ['Dock scheduler', 'Requested, waiting for a decision'],
    ];
    const { page } = guest;
    await gotoUntilVisible(page, EVENTS_URL, p =>
      p.getByRole('list', { name: 'Consumers' }).getByText('Parcel audit'),
    );
    const list = page.getByRole('list', { name: 'Consumers' });
    for (const [name, state] of expected) {
      await list
        .getByRole('listitem')
        .filter({ hasText: name })
        .getByText(state, { exact: false })
        .waitFor();
    }
    await list
      .getByRole('listitem')
      .filter({ hasText: 'Parcel audit' })
      .getByText('holds access without declaring an input port', {
        exact: false,
      })
      .waitFor();

    await page.goto(`${EVENTS_URL}/access`);
    // the Consumers card of the Access tab: one row per consumer with its state
    for (const [name, state] of expected) {
      await page
        .getByRole('row')
        .filter({ hasText: name })
        .filter({ hasText: state })
        .first()
        .waitFor();
    }
    await page
      .getByRole('row')
      .filter({ hasText: 'Parcel audit' })
      .filter({ hasText: 'not declared' })
      .first()
      .waitFor();

    // the owner weighs the same consumers before retiring the product
    await erin.page.goto(`${HUB_URL}/retirement`);
    const usageRow = (name, text) =>
      erin.page
        .getByRole('row')
        .filter({ hasText: name })
        .filter({ hasText: text })
        .first();
    await usageRow('Route planner', 'declared, no access').waitFor();
    await usageRow('ETA model', /approved|granted/).waitFor();
    await usageRow('Parcel audit', /approved|granted/).waitFor();
    await erin.page
      .getByText(
        /more uses? its datasets without access .*; they are notified too/,
      )
      .waitFor();
  });

  it('offers a non-owner no Reconcile, Approve or Retire', async () => {
    const { page } = guest;
    await page.goto(`${HUB_URL}/provisioning`);
    await page
      .getByText("Only the product's owners", { exact: false })
      .waitFor();
    assert.equal(
      await page.getByRole('button', { name: 'Reconcile now' }).count(),
      0,
    );

    await page.goto(`${EVENTS_URL}/access`);
    await page.getByRole('table', { name: 'Pending requests' }).waitFor();
    assert.equal(
      await page.getByRole('button', { name: 'Approve' }).count(),
      0,
    );

    await page.goto(`${HUB_URL}/retirement`);
    await page.getByText('Usage').first().waitFor();
    assert.equal(
      await page.getByRole('button', { name: /retire/i }).count(),
      0,
    );

    // the owner is offered them
    await erin.page.goto(`${EVENTS_URL}/access`);
    await erin.page.getByRole('button', { name: 'Approve' }).first().waitFor();
  });

  it('shows the whole purpose and the Cancel button of a pending request at 1024x768', async () => {
    const { page } = guest;
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${EVENTS_URL}/access`);
    const table = page.getByRole('table', { name: 'Pending requests' });
    const row = table.getByRole('row').filter({ hasText: LONG_PURPOSE });
    const purpose = row.getByRole('cell').filter({ hasText: LONG_PURPOSE });
    await purpose.waitFor();
    const cancel = row.getByRole('button', { name: 'Cancel request' });
    await cancel.scrollIntoViewIfNeeded();
    const cell = await purpose.boundingBox();
    const button = await cancel.boundingBox();
    // geometry of the text itself: how many lines, and whether any word is split across two
    const text = await purpose.evaluate(el => {
      const node = [...el.querySelectorAll('*'), el]
        .flatMap(e => [...e.childNodes])
        .find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set(
        [...range.getClientRects()].map(r => Math.round(r.top)),
      ).size;
      const split = [];
      let at = 0;
      for (const word of node.textContent.split(' ')) {
        const r = document.createRange();
        r.setStart(node, at);
        r.setEnd(node, at + word.length);
        if (r.getClientRects().length > 1) split.push(word);
        at += word.length + 1;
      }
      return { lines, split };
    });
    assert.ok(cell.width >= 160, `purpose cell ${cell.width}px wide`);
    assert.deepEqual(text.split, [], 'no word of the purpose is split');
    assert.ok(text.lines <= 6, `the purpose takes ${text.lines} lines`);
    // the Cancel button is whole and inside the window, with no horizontal scrolling
    assert.ok(
      button.x >= 0 && button.x + button.width <= 1024,
      `Cancel at ${button.x}+${button.width}`,
    );
    const scrolls = await table.evaluate(
      el => el.parentElement.scrollWidth > el.parentElement.clientWidth,
    );
    assert.equal(scrolls, false, 'the table fits without scrolling');
    await page.setViewportSize({ width: 1440, height: 1400 });
    await page.screenshot({
      path: path.join(images, 'dataset-access-tab.png'),
    });
  });
});
