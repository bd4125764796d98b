// Access requests end to end, as two people: the guest (team-sales) asks for its sales-forecast
// product to read carrier-performance, a restricted dataset of team-logistics; erin (team-logistics)
// finds it awaiting her decision and approves it with a note; the guest then sees the access
// granted - "approved, planned", since the portal provisions in plan mode - on the dataset's Access
// tab and on the Access requests page. Only this file touches carrier-performance.
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
const accessTab = `${baseUrl}/catalog/default/dataset/carrier-performance/access`;
// entity links show the entity's title once the catalog answers, the ref's name before
const FORECAST = /sales[- ]forecast/i;
const CARRIER = /carrier[- ]performance/i;
const PURPOSE = 'Carrier delays as a driver of the weekly sales forecast';
const NOTE = 'Approved for the forecast pilot; contract prices stay internal';

/** The rows of a table (by its accessible name) that mention every text given. */
function rowsOf(page, table, ...texts) {
  let rows = page.getByRole('table', { name: table }).getByRole('row');
  for (const text of texts) {
    rows = rows.filter({ hasText: text });
  }
  return rows;
}

describe('access requests', () => {
  let guest;
  let erin;
  before(async () => {
    guest = await openBrowser();
    await signInAsGuest(guest.page);
    erin = await openBrowser();
    await signInAs(erin.page, 'erin');
  });
  after(async () => {
    await guest?.close();
    await erin?.close();
  });

  it('the guest requests access for a product of its team', async () => {
    const page = guest.page;
    await gotoUntilVisible(page, accessTab, p =>
      p.getByRole('button', { name: /Consuming data product/ }),
    );
    await page.getByText('This dataset is restricted').first().waitFor();

    await page.getByRole('button', { name: /Consuming data product/ }).click();
    // only products of the guest's team are offered
    assert.equal(
      await page.getByRole('option', { name: 'Logistics shipments' }).count(),
      0,
    );
    await page.getByRole('option', { name: 'Sales forecast' }).click();
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    await page.getByRole('textbox', { name: /Purpose/ }).fill(PURPOSE);
    // sales-forecast runs in dev only: that is the one environment offered, ticked
    assert.equal(
      await page.getByRole('checkbox', { name: 'dev' }).isChecked(),
      true,
    );
    assert.equal(await page.getByRole('checkbox', { name: 'prd' }).count(), 0);
    await page.getByRole('button', { name: 'Request access' }).click();

    await page
      .getByText(
        "Requested for Sales forecast: waiting for a decision by the dataset's owners.",
      )
      .waitFor();
    const pending = rowsOf(page, 'Pending requests', FORECAST, PURPOSE);
    await pending.first().waitFor();
    // the requester cannot decide, and is not an owner anyway
    assert.equal(
      await pending.getByRole('button', { name: 'Approve' }).count(),
      0,
    );
    await pending.getByRole('button', { name: 'Cancel request' }).waitFor();
  });

  it('the dataset owner finds it awaiting her decision and approves it with a note', async () => {
    const page = erin.page;
    await page.goto(`${baseUrl}/access-requests`);
    const row = rowsOf(page, 'Awaiting my decision', CARRIER, FORECAST);
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    await row.getByText(PURPOSE).waitFor();

    await row.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText('Approve access of Sales forecast to Carrier performance')
      .waitFor();
    await dialog.getByRole('textbox', { name: /Note/ }).fill(NOTE);
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });

    // reloaded from the server: no longer awaiting anyone's decision
    await row.first().waitFor({ state: 'detached' });
  });

  it('the requester sees the access granted (planned) on the Access tab, the page and the product', async () => {
    const page = guest.page;
    // the approval triggers a reconcile; in plan mode the run marks the grant planned
    await gotoUntilVisible(
      page,
      accessTab,
      p =>
        rowsOf(p, 'Grants', FORECAST).filter({
          hasText: 'approved, planned',
        }),
      120_000,
    );
    const consumer = rowsOf(page, 'Grants', FORECAST);
    await consumer.getByText(NOTE, { exact: false }).waitFor();
    await consumer.getByText(/^until /).waitFor();
    assert.equal(await rowsOf(page, 'Pending requests', FORECAST).count(), 0);
    // tall enough to show the form, the pending list and the new consumer
    await page.setViewportSize({ width: 1440, height: 1250 });
    await page.screenshot({
      path: path.join(root, 'docs', 'images', 'access-tab.png'),
    });
    await page.setViewportSize({ width: 1440, height: 1000 });

    await page.goto(`${baseUrl}/access-requests?tab=mine`);
    await rowsOf(page, 'My requests', CARRIER, FORECAST)
      .filter({ hasText: 'approved, planned' })
      .first()
      .waitFor();

    // and on the consuming product: an input with its status
    await page.goto(
      `${baseUrl}/catalog/default/dataproduct/sales-forecast/access`,
    );
    await rowsOf(page, 'Inputs', CARRIER)
      .filter({ hasText: 'approved, planned' })
      .first()
      .waitFor();
  });
});
