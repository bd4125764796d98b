// The Data home: from its search box a dataset is found by a column name (courier_badge_no, a column
// of Courier scans only); a declared input port without access gets "Request access" in place, on
// the consuming product's Access tab and on the dataset's (the form filled in with the product and
// the port's purpose); the catalog table of the new frontend system app shows the Meshport columns.
// Screenshots of the home and of the search results go to docs/images (the README shows them).
// Fixtures: e2e/fixtures/home.yaml.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  baseUrl,
  gotoUntilVisible,
  openBrowser,
  signInAsGuest,
} from '../browser.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const images = path.join(root, 'docs', 'images');
const NS = 'e2e-home';
const SCANS_URL = `${baseUrl}/catalog/${NS}/dataset/courier-scans`;
const ROTA_URL = `${baseUrl}/catalog/${NS}/dataproduct/courier-rota`;

describe('the Data home', () => {
  let guest;
  before(async () => {
    guest = await openBrowser();
    await signInAsGuest(guest.page);
  });
  after(async () => {
    await guest?.close();
  });

  it('finds a dataset by a column name from the home page search', async () => {
    const { page } = guest;
    await page.setViewportSize({ width: 1440, height: 900 });
    // the catalog processes the fixtures after start
    await gotoUntilVisible(page, SCANS_URL, p =>
      p.getByText('One row per parcel a courier scanned.'),
    );
    await page.goto(`${baseUrl}/`);
    // one page of cards, counted by the catalog
    await page.getByText(/^\d+ of \d+$/).waitFor();
    await page.screenshot({ path: path.join(images, 'data-home.png') });
    // the catalog filters: a word of the title finds the dataset's card
    await page
      .getByRole('textbox', { name: 'Title or description' })
      .fill('courier');
    await page
      .getByLabel('Data')
      .getByRole('link', { name: 'Courier scans', exact: true })
      .waitFor();
    // its SLO status on the card, from GET /slo/statuses: "No data" until the embedded default's
    // sample measurements are seeded on their schedule, then the status they give
    await page
      .getByLabel('Data')
      .getByLabel('Courier scans', { exact: true })
      .getByLabel(/^SLO status: (No data|Met|At risk|Breached)$/)
      .waitFor();

    // the collator indexes on a schedule: search again until the index holds the fixtures
    const deadline = Date.now() + 150_000;
    let first;
    for (;;) {
      await page.goto(`${baseUrl}/`);
      const box = page.getByRole('textbox', { name: 'Search data' });
      await box.fill('courier_badge_no');
      await box.press('Enter');
      await page.waitForURL(/\/search\?query=courier_badge_no/);
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
    assert.equal(
      await first.getAttribute('aria-label'),
      'Dataset Courier scans',
    );
    assert.match(
      await first.getByLabel('Matched column').innerText(),
      /Column courier_badge_no/,
    );
    await first.getByText('Product: Courier hub').waitFor();
    // only Courier scans has the column
    assert.equal(
      await page
        .getByRole('listitem', { name: /^(Dataset|Data product) / })
        .count(),
      1,
    );
    await page.screenshot({ path: path.join(images, 'search-results.png') });
    await first.getByRole('link', { name: 'Courier scans' }).click();
    await page.waitForURL(/\/catalog\/e2e-home\/dataset\/courier-scans/);
  });

  it("requests access in place for a declared input port, on the consuming product's Access tab", async () => {
    const { page } = guest;
    await gotoUntilVisible(page, `${ROTA_URL}/access`, p =>
      p.getByRole('table', { name: 'Input ports without a request' }),
    );
    const port = page
      .getByRole('table', { name: 'Input ports without a request' })
      .getByRole('row')
      .filter({ hasText: 'Courier scans' });
    await port.getByRole('button', { name: 'Request access' }).click();
    const dialog = page.getByRole('dialog');
    // the product and the port's purpose are filled in
    await dialog
      .getByRole('button', { name: /Consuming data product\s+Courier rota/ })
      .waitFor();
    assert.equal(
      await dialog.getByRole('textbox', { name: 'Purpose' }).inputValue(),
      "Plans the couriers' shifts from their scans",
    );
    await dialog
      .getByRole('button', { name: 'Request access', exact: true })
      .click();
    await dialog
      .getByText(/Requested for Courier rota: waiting for a decision/)
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    // the request is the product's input now, pending
    await page
      .getByRole('table', { name: 'Inputs' })
      .getByRole('row')
      .filter({ hasText: 'Courier scans' })
      .filter({ hasText: 'pending' })
      .waitFor();
    assert.equal(
      await page
        .getByRole('table', { name: 'Input ports without a request' })
        .count(),
      0,
    );
  });

  it("requests access in place for a declared consumer, on the dataset's Access tab", async () => {
    const { page } = guest;
    await page.goto(`${SCANS_URL}/access`);
    const bonus = page
      .getByRole('row')
      .filter({ hasText: 'Courier bonus' })
      .filter({ hasText: 'declared' })
      .first();
    await bonus.waitFor();
    // Courier rota asked already: no button on its row
    const rota = page
      .getByRole('row')
      .filter({ hasText: 'Courier rota' })
      .first();
    await rota.waitFor();
    assert.equal(
      await rota.getByRole('button', { name: 'Request access' }).count(),
      0,
    );
    await bonus.getByRole('button', { name: 'Request access' }).click();
    const dialog = page.getByRole('dialog');
    assert.equal(
      await dialog.getByRole('textbox', { name: 'Purpose' }).inputValue(),
      'Pays a bonus per parcel delivered on time',
    );
    await dialog
      .getByRole('button', { name: 'Request access', exact: true })
      .click();
    await dialog
      .getByText(/Requested for Courier bonus: waiting for a decision/)
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page
      .getByRole('table', { name: 'Pending requests' })
      .getByRole('row')
      .filter({ hasText: 'Pays a bonus per parcel delivered on time' })
      .waitFor();
  });

  it('shows the Meshport columns in the catalog table of the new frontend system app', async () => {
    const { page } = guest;
    await page.goto(
      `${baseUrl}/catalog?filters[kind]=dataset&filters[user]=all`,
    );
    for (const column of ['Data product', 'Access']) {
      await page.getByRole('columnheader', { name: column }).first().waitFor();
    }
    await page
      .getByRole('row')
      .filter({ hasText: 'Courier scans' })
      .filter({ hasText: 'restricted' })
      .first()
      .waitFor();
  });

  it('knows the Meshport relations in the catalog graph of the new frontend system app', async () => {
    const { page } = guest;
    await page.goto(
      `${baseUrl}/catalog-graph?rootEntityRefs[]=${encodeURIComponent(
        `dataproduct:${NS}/courier-hub`,
      )}`,
    );
    // the relations filter offers (and selects) the product -> dataset relation
    await page
      .getByText(/hasOutput/)
      .first()
      .waitFor();
  });
});
