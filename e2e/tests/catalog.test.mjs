// A newcomer's first look: sign in as guest, find the data products in the catalog, open one, read
// its overview and see its datasets and consumers in the relations graph.
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

describe('catalog: data products and datasets', () => {
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

  it('lists data products with the kind filter', async () => {
    await gotoUntilVisible(
      page,
      // the sample organisation lives in the default namespace; test fixtures have their own (e2e)
      `${baseUrl}/catalog?filters[kind]=dataproduct&filters[user]=all&filters[namespace]=default`,
      p => p.getByRole('link', { name: /customer 360/i }),
    );
    // the sample organisation's eight products
    await page
      .getByRole('link', { name: /logistics shipments/i })
      .first()
      .waitFor();
    // the namespace filter applies after the first render: wait until the fixtures' product is gone
    await page
      .getByRole('link', { name: /legacy orders/i })
      .waitFor({ state: 'detached' });
    // body rows only: the table may render more than one header row
    const bodyRows = page.locator('table tbody tr');
    const names = await bodyRows.evaluateAll(all =>
      all.map(row => row.querySelector('a')?.textContent ?? ''),
    );
    assert.equal(
      names.length,
      8,
      `expected the 8 sample data products, got ${names.length}: ${names.join(
        ', ',
      )}`,
    );
    await assert.doesNotReject(
      page
        .getByRole('link', { name: /test project 2/i })
        .first()
        .waitFor(),
    );
  });

  it('shows a data product overview and the graph of datasets and consumers', async () => {
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataproduct/customer-360`,
      p => p.getByText('Data product', { exact: true }),
    );
    const overview = page.locator('article, [class*="MuiCard"]', {
      hasText: 'Data product',
    });
    // owner, domain, lifecycle and type as a user reads them on the card
    await overview.getByText(/team-/i).first().waitFor();
    await overview
      .getByText(/aggregate|source-aligned|consumer-aligned/i)
      .first()
      .waitFor();

    // the relations graph draws the product, its datasets and the products that consume them
    const graphCard = page
      .locator('article')
      .filter({ has: page.getByText('Data flow', { exact: true }) })
      .last();
    // data flow only: products and datasets, with the access state on consumer edges
    const nodes = graphCard.getByTestId('flow-node');
    await nodes.filter({ hasText: 'Marketing campaigns' }).first().waitFor();
    const texts = await nodes.allInnerTexts();
    for (const expected of [
      'Customer 360', // the product
      'Customer profile', // its datasets
      'Customer segments',
      'Orders', // a dataset it consumes
      'Marketing campaigns', // a product consuming its datasets
    ]) {
      assert.ok(
        texts.some(t => t.includes(expected)),
        `graph shows ${expected}: ${texts}`,
      );
    }
    assert.ok(
      (await graphCard.getByTestId('flow-edge-label').count()) > 0,
      'consumer edges carry their access state',
    );

    await page.screenshot({
      path: path.join(root, 'docs', 'images', 'data-product-page.png'),
    });
    await graphCard.scrollIntoViewIfNeeded();
    await graphCard.screenshot({
      path: path.join(root, 'docs', 'images', 'data-product-graph.png'),
    });
  });

  it('shows a dataset page with its schema and SLO targets', async () => {
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataset/customer-profile`,
      p => p.getByText(/schema/i),
    );
    await page.getByText(/pii/i).first().waitFor();
    await page
      .getByText(/availability/i)
      .first()
      .waitFor();
    await page
      .getByText(/restricted/i)
      .first()
      .waitFor();
  });
});
