// An owner retires a data product from start to retired: the guest (team-sales) opens the
// Retirement tab of its own fixture product (e2e/fixtures/retirement.yaml, namespace e2e, touched
// by no other test), sees that no consumer uses it, starts the retirement for the earliest sunset
// the notice period allows (one minute in e2e/app-config.e2e.yaml), sees the deprecation on the
// product's and the dataset's pages and in the catalog, retires it now, and follows the step
// checklist until it is retired.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { baseUrl, openBrowser, signInAsGuest } from '../browser.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

const PRODUCT_URL = `${baseUrl}/catalog/e2e/dataproduct/legacy-orders`;
const DATASET_URL = `${baseUrl}/catalog/e2e/dataset/legacy-orders-daily`;

/** What no person should read on the tab: entity refs, UUIDs, ISO timestamps, location refs. */
const RAW =
  /[a-z]+:(?:default|e2e)\/|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-|\d{4}-\d\d-\d\d|\bfile:\/|\burl:http/i;

const STEPS = [
  'Stop the pipeline',
  "Revoke every consumer's access",
  'Archive the data',
  'Delete the SLO monitors',
  'Release roles and workgroups',
  'Mark retired and remove from the catalog',
];

/**
 * Opens a URL and reloads until the locator is visible, riding out the catalog's first
 * processing and restarts of the dev backend (it restarts when a workspace file changes).
 */
async function openWhenReady(page, url, locatorFn, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await page.goto(url);
      await locatorFn(page).first().waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.waitForTimeout(1_000);
    }
  }
}

describe('retirement: an owner retires a data product', () => {
  let browser;
  let page;
  before(async () => {
    browser = await openBrowser();
    page = browser.page;
    await signInAsGuest(page);
  });
  after(async () => {
    await browser?.close();
  });

  let sunset;
  /** The sunset as the page writes it: a day in words, in the reader's locale. */
  let sunsetText;

  it('shows the usage, then starts the retirement with a reason and a sunset', async () => {
    await openWhenReady(page, `${PRODUCT_URL}/retirement`, p =>
      p.getByText('This data product is not being retired.'),
    );
    await page.getByText('No consumer holds access to its datasets.').waitFor();

    await page.getByRole('button', { name: 'Start retirement' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/The notice period is 1 minute/).waitFor();
    // the earliest sunset the notice period allows is proposed
    sunset = await dialog.getByLabel('Sunset').inputValue();
    assert.match(sunset, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(
      Date.parse(sunset) > Date.now(),
      `the proposed sunset ${sunset} lies ahead`,
    );
    await dialog.getByLabel('Reason').fill('Replaced by sales-orders');
    await dialog.getByRole('button', { name: 'Start retirement' }).click();

    await page
      .getByLabel('Retirement status')
      .getByText('Retiring', { exact: true })
      .waitFor();
    await page.getByText('Reason: Replaced by sales-orders').waitFor();
    sunsetText = await page.evaluate(
      day =>
        new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        }),
      sunset,
    );
    await page.getByText(sunsetText, { exact: true }).waitFor();
    // who started it, by name, never a ref or an ISO timestamp
    const status = page.getByLabel('Retirement status').locator('..');
    await status.getByText(/^Started by Guest/).waitFor();
    assert.doesNotMatch(await status.innerText(), RAW);
    const checklist = page.getByRole('list', { name: 'Retirement steps' });
    // the checklist renders once the retirement's steps are loaded
    await checklist
      .getByRole('listitem')
      .nth(STEPS.length - 1)
      .waitFor();
    assert.deepEqual(
      await checklist
        .getByRole('listitem')
        .evaluateAll(items =>
          items.map(item => item.getAttribute('aria-label')),
        ),
      STEPS,
    );
    assert.equal(
      await checklist.getByText('Not started', { exact: true }).count(),
      STEPS.length,
      'no step runs before the sunset',
    );
  });

  it('marks the product and its dataset as deprecated', async () => {
    await openWhenReady(page, PRODUCT_URL, p =>
      p.getByRole('alert', { name: 'Retirement' }),
    );
    const banner = page.getByRole('alert', { name: 'Retirement' });
    await banner.getByText(`Deprecated: retires on ${sunsetText}`).waitFor();
    await banner
      .getByText(/This data product is being retired: Replaced by sales-orders/)
      .waitFor();

    await openWhenReady(page, DATASET_URL, p =>
      p.getByRole('alert', { name: 'Retirement' }),
    );
    await page
      .getByRole('alert', { name: 'Retirement' })
      .getByText(/This dataset's data product, Legacy orders, is being retired/)
      .waitFor();

    // the catalog follows on its next processing loop: lifecycle deprecated
    await openWhenReady(
      page,
      DATASET_URL,
      p => p.getByText('deprecated', { exact: true }),
      90_000,
    );
  });

  it('retires it now and follows the steps until it is retired', async () => {
    await openWhenReady(page, `${PRODUCT_URL}/retirement`, p =>
      p.getByRole('button', { name: 'Retire now' }),
    );
    await page.getByRole('button', { name: 'Retire now' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Run the retirement steps' })
      .click();

    // the tab polls while the steps run
    await page
      .getByLabel('Retirement status')
      .getByText('Retired', { exact: true })
      .waitFor({ timeout: 120_000 });
    const checklist = page.getByRole('list', { name: 'Retirement steps' });
    assert.equal(
      await checklist.getByText('Done', { exact: true }).count(),
      STEPS.length,
      'every step is done',
    );
    // what each step recorded, as an owner reads it
    await checklist.getByText(/No pipeline hook is installed/).waitFor();
    await checklist
      .getByText(/Planned \d+ archive operations? \(plan mode/)
      .waitFor();
    await checklist
      .getByText(/Planned the release of \d+ resources? \(plan mode/)
      .waitFor();
    // the release's provisioning run by its time, linked on the Provisioning tab (never its id)
    const runLink = checklist.getByRole('link', {
      name: /^The provisioning run of /,
    });
    await runLink.waitFor();
    assert.match(
      await runLink.getAttribute('href'),
      /\/catalog\/e2e\/dataproduct\/legacy-orders\/provisioning$/,
    );
    // the catalog outcome names the file, not its location ref
    await page
      .getByText(/on the portal host, which Meshport cannot remove/)
      .first()
      .waitFor();
    // nothing raw on the tab's cards: no refs, run ids, ISO timestamps or location refs
    for (const card of [
      checklist,
      page.getByLabel('Retirement status').locator('..'),
      page
        .getByText('Usage', { exact: true })
        .locator('xpath=ancestor::*[contains(@class, "MuiCard-root")][1]'),
    ]) {
      assert.doesNotMatch(await card.innerText(), RAW);
    }
    // the fixture comes from a location set in app-config: it stays, marked retired
    await page
      .getByText(/stays in the catalog marked retired/)
      .first()
      .waitFor();
    // no action is left to take
    assert.equal(
      await page
        .getByRole('button', {
          name: /Start retirement|Retire now|Cancel retirement/,
        })
        .count(),
      0,
    );

    // tall enough for the whole checklist (the page scrolls inside its content area)
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.screenshot({
      path: path.join(root, 'docs', 'images', 'retirement-tab.png'),
    });
    await page.setViewportSize({ width: 1440, height: 1000 });

    await openWhenReady(page, PRODUCT_URL, p =>
      p.getByRole('alert', { name: 'Retirement' }).getByText('Retired'),
    );
    await page
      .getByRole('alert', { name: 'Retirement' })
      .getByText(/This data product is retired/)
      .waitFor();
  });
});
