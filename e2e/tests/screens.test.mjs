// Every Meshport screen at 1440x900 and 1024x768, judged by geometry (e2e/layout.mjs): no word
// broken across lines in a table cell, chip, button, tab or card title; no sideways scrolling of
// the page; every button and link whole inside the window and not cut off by a parent; no table
// wider than its frame; no part of a card (the data-flow graph) scrolling sideways; no text boxes
// overlapping in a card. The guest owns Customer 360 (and its datasets) and asks for Logistics
// shipments' Carrier performance (a pending request of its own), so its screens are seen by an
// owner and by a consumer. Screenshots of each screen at each size
// go to .e2e/screens/ (git-ignored) for a person to look at.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  baseUrl,
  gotoUntilVisible,
  openBrowser,
  outDir,
  signInAsGuest,
} from '../browser.mjs';
import { layoutProblems } from '../layout.mjs';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
];
const shots = path.join(outDir, 'screens');
const LONG_PURPOSE =
  'Joins the delivery dates with the customer profiles to predict churn per region and week';

// the entity page's tabs: links in its header
const TAB = 'a.bui-HeaderNavItem';
const entity = (kind, name) => `${baseUrl}/catalog/default/${kind}/${name}`;
const ENTITIES = [
  // [screen name, url, who looks]
  ['product-owner', entity('dataproduct', 'customer-360'), 'owner'],
  [
    'product-consumer',
    entity('dataproduct', 'logistics-shipments'),
    'consumer',
  ],
  ['dataset-owner', entity('dataset', 'customer-profile'), 'owner'],
  ['dataset-consumer', entity('dataset', 'carrier-performance'), 'consumer'],
];

/** Waits until the page has stopped loading: no progress bar for three looks in a row. */
async function settle(page) {
  const deadline = Date.now() + 10_000;
  let quiet = 0;
  while (quiet < 3 && Date.now() < deadline) {
    const loading = await page
      .locator('[role="progressbar"]:visible')
      .count()
      .catch(() => 0);
    quiet = loading ? 0 : quiet + 1;
    await page.waitForTimeout(300);
  }
}

/** Calls the data-products API as the guest; retries while the catalog catches up. */
async function api(page, method, apiPath, body) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const result = await page.evaluate(
      async ({ method, apiPath, body }) => {
        const refresh = await fetch('/api/auth/guest/refresh', {
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
          credentials: 'include',
        });
        const token = (await refresh.json()).backstageIdentity.token;
        const response = await fetch(`/api/data-products${apiPath}`, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: response.status, body: await response.text() };
      },
      { method, apiPath, body },
    );
    // 409: asked already (a re-run against the same portal)
    if (result.status < 300 || result.status === 409) return result;
    if (Date.now() > deadline) {
      throw new Error(`${method} ${apiPath}: ${JSON.stringify(result)}`);
    }
    await page.waitForTimeout(2_000);
  }
}

describe('every screen at 1440x900 and 1024x768', () => {
  let browser;
  let page;
  const tabs = new Map();
  before(async () => {
    browser = await openBrowser();
    page = browser.page;
    await signInAsGuest(page);
    await gotoUntilVisible(page, entity('dataset', 'shipments'), p =>
      p.getByText('Shipments').first(),
    );
    // a pending request of the guest's (a consumer's row with Cancel) and one the guest decides on
    await api(page, 'POST', '/access/requests', {
      consumer: 'dataproduct:default/customer-360',
      dataset: 'dataset:default/carrier-performance',
      purpose: LONG_PURPOSE,
    });
    await api(page, 'POST', '/access/requests', {
      consumer: 'dataproduct:default/sales-forecast',
      dataset: 'dataset:default/customer-profile',
      purpose: 'Forecasts sales per customer segment and month',
    });
    // the tabs each entity page has
    for (const [name, url] of ENTITIES) {
      await gotoUntilVisible(page, url, p => p.locator(TAB).first());
      await page.waitForTimeout(1_000);
      const hrefs = await page
        .locator(TAB)
        .evaluateAll(els =>
          els.map(el => [el.textContent.trim(), el.getAttribute('href')]),
        );
      tabs.set(
        name,
        hrefs.filter(([, href]) => href),
      );
    }
  });
  after(async () => {
    await browser?.close();
  });

  for (const size of SIZES) {
    const label = `${size.width}x${size.height}`;
    const dir = path.join(shots, label);
    /** Screenshot and measure the page as it is now; fails with the problems found. */
    const review = async (screen, problems) => {
      await settle(page);
      mkdirSync(dir, { recursive: true });
      await page.screenshot({
        path: path.join(dir, `${screen}.png`),
        fullPage: true,
      });
      for (const p of await layoutProblems(page)) {
        problems.push(`${screen}: ${p}`);
      }
    };
    const check = problems =>
      assert.deepEqual(problems, [], `at ${label}:\n${problems.join('\n')}`);

    describe(`at ${label}`, () => {
      before(async () => {
        await page.setViewportSize(size);
      });

      it('the Data home, with a facet applied', async () => {
        const problems = [];
        await page.goto(`${baseUrl}/`);
        await page.getByText(/^\d+ of \d+$/).waitFor();
        await review('home', problems);
        await page
          .locator('.MuiFormControl-root')
          .filter({ has: page.locator('label', { hasText: /^Domain$/ }) })
          .locator('[aria-haspopup="listbox"]')
          .click();
        await page
          .getByRole('option')
          .filter({ hasText: /sales/i })
          .first()
          .click();
        await page
          .getByLabel('Data')
          .getByText('Customer 360')
          .first()
          .waitFor();
        await review('home-domain-sales', problems);
        check(problems);
      });

      it('search results', async () => {
        const problems = [];
        // the collator indexes on a schedule: search again until the index holds the sample data
        const deadline = Date.now() + 150_000;
        for (;;) {
          await page.goto(`${baseUrl}/search?query=delivered_at`);
          try {
            await page
              .getByRole('listitem', { name: /^(Dataset|Data product) / })
              .first()
              .waitFor({ timeout: 5_000 });
            break;
          } catch (e) {
            if (Date.now() > deadline) throw e;
            await page.waitForTimeout(3_000);
          }
        }
        await review('search', problems);
        check(problems);
      });

      it('the catalog lists of DataProduct and Dataset', async () => {
        const problems = [];
        for (const kind of ['dataproduct', 'dataset']) {
          await page.goto(
            `${baseUrl}/catalog?filters[kind]=${kind}&filters[user]=all`,
          );
          await page.getByRole('row').nth(2).waitFor();
          await review(`catalog-${kind}`, problems);
        }
        check(problems);
      });

      for (const [name, , who] of ENTITIES) {
        it(`every tab of ${name.replace('-', ' as ')} (${who})`, async () => {
          const problems = [];
          for (const [title, href] of tabs.get(name)) {
            await page.goto(new URL(href, baseUrl).toString());
            await page.locator(TAB, { hasText: title }).first().waitFor();
            await review(
              `${name}-${title.toLowerCase().replace(/\W+/g, '-')}`,
              problems,
            );
          }
          assert.ok(tabs.get(name).length >= 3, 'the page has its tabs');
          check(problems);
        });
      }

      it('the Access requests page', async () => {
        const problems = [];
        await page.goto(`${baseUrl}/access-requests`);
        await page.getByRole('tab', { name: /Awaiting my decision/ }).waitFor();
        await review('access-requests-awaiting', problems);
        await page.getByRole('tab', { name: /My requests/ }).click();
        await page
          .getByRole('table')
          .getByText('Carrier performance')
          .first()
          .waitFor();
        await review('access-requests-mine', problems);
        check(problems);
      });

      it("the create-data-product wizard's steps, the schema step and the review", async () => {
        const problems = [];
        const next = () => page.getByRole('button', { name: 'Next' }).click();
        await page.goto(`${baseUrl}/create/templates/default/data-product`);
        await page.getByText('Name the product').first().waitFor();
        await page
          .getByLabel('Name', { exact: false })
          .first()
          .fill(`screens-${label}`);
        await page.getByText(/is available/).waitFor();
        await page
          .getByLabel('Title', { exact: false })
          .first()
          .fill('Screens');
        await page
          .getByLabel('Description', { exact: false })
          .first()
          .fill('Reviewed at every size');
        await review('wizard-1-name', problems);
        await next();
        const domain = page.getByLabel('Domain', { exact: false }).first();
        await domain.waitFor();
        await domain.click();
        await domain.fill('Sales');
        await page.getByRole('option', { name: /Sales/ }).first().click();
        await review('wizard-2-owner', problems);
        await next();
        await page.locator('input[name="dev"]').waitFor();
        await review('wizard-3-environments', problems);
        await next();
        await page
          .getByLabel('Dataset name', { exact: false })
          .first()
          .fill(`screens-scores-${label}`);
        await page.getByText(/is available/).waitFor();
        await page
          .getByLabel('Dataset title', { exact: false })
          .first()
          .fill('Screen scores');
        await review('wizard-4-dataset', problems);
        await next();
        await page.getByLabel('Name of column 1').fill('customer_id');
        await page
          .getByLabel('Description of column 1')
          .fill('The customer the score is for');
        await page.getByRole('button', { name: 'Add a column' }).click();
        await page.getByLabel('Name of column 2').fill('churn_score');
        await review('wizard-5-schema', problems);
        await next();
        await page
          .getByLabel('Maximum age of the data', { exact: false })
          .first()
          .fill('24h');
        await review('wizard-6-slos', problems);
        await next();
        await page.getByText('Publish to').first().waitFor();
        await review('wizard-7-publish', problems);
        await page.getByRole('button', { name: 'Review' }).click();
        await page.getByRole('button', { name: 'Create' }).waitFor();
        await review('wizard-8-review', problems);
        check(problems);
      });

      it('the CLI login page', async () => {
        const problems = [];
        const query = new URLSearchParams({
          callback: 'http://127.0.0.1:7159/callback',
          state: 'a'.repeat(40),
          client: 'meshport CLI on a laptop',
        });
        await page.goto(`${baseUrl}/meshport/cli-login?${query}`);
        await page
          .getByText('A command line asks to use your sign-in')
          .waitFor();
        await review('cli-login', problems);
        check(problems);
      });

      it('the notifications page', async () => {
        const problems = [];
        await page.goto(`${baseUrl}/notifications`);
        await page
          .getByText(/Unread notifications \(\d+\)/)
          .first()
          .waitFor();
        await review('notifications', problems);
        check(problems);
      });
    });
  }
});
