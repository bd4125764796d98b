// Data contracts in the portal: the guest opens the orders dataset's Contract tab, reads its ODCS
// contract section by section (schema, quality, SLA properties, roles, terms of use) and downloads
// it; then downloads the ODPS document of the sales-orders product. Read-only.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
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

/** The cell texts of a table (by its accessible name), row by row, header row first. */
async function tableRows(page, name) {
  const rows = page.getByRole('table', { name }).getByRole('row');
  await rows.first().waitFor();
  const result = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = rows.nth(i).locator('th, td');
    const texts = [];
    for (let j = 0; j < (await cells.count()); j++) {
      texts.push((await cells.nth(j).innerText()).trim());
    }
    result.push(texts);
  }
  return result;
}

async function download(page, buttonName) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: buttonName }).click(),
  ]);
  return {
    name: file.suggestedFilename(),
    document: parse(await readFile(await file.path(), 'utf8')),
  };
}

describe('data contracts', () => {
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

  it("shows the orders dataset's contract on its Contract tab and downloads it", async () => {
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataset/orders/contract`,
      p => p.getByRole('table', { name: 'Schema' }),
    );
    await page.getByText('dataset:default/orders', { exact: true }).waitFor();

    const schema = await tableRows(page, 'Schema');
    assert.deepEqual(schema[0], [
      'Column',
      'Type',
      'Physical type',
      'Required',
      'Key',
      'Classification',
      'Description',
    ]);
    assert.deepEqual(
      schema.slice(1).map(row => row[0]),
      [
        'order_id',
        'customer_id',
        'ordered_at',
        'status',
        'total_amount',
        'currency',
        'sales_channel',
      ],
    );
    assert.deepEqual(schema[1].slice(0, 5), [
      'order_id',
      'string',
      'varchar(36)',
      'yes',
      'yes',
    ]);

    const sla = await tableRows(page, 'SLA properties');
    assert.deepEqual(sla.slice(1), [
      ['availability', '99.5', 'percent', ''],
      ['latency', '2', 'h', ''],
    ]);
    const quality = await tableRows(page, 'Quality');
    assert.equal(quality[1][0], 'completeness-slo');
    assert.match(quality[1][3], /a drop of at most 5 %/);
    assert.doesNotMatch(quality[1][3], /maxDropPercent/);
    const roles = await tableRows(page, 'Roles');
    assert.deepEqual(roles[1].slice(0, 3), ['consumer', 'read', 'team-sales']);
    const terms = await tableRows(page, 'Terms of use');
    assert.equal(terms[1][0], 'Purpose');
    await page.screenshot({
      path: path.join(root, 'docs', 'images', 'contract-tab.png'),
      fullPage: true,
    });

    const { name, document } = await download(page, 'Download ODCS');
    assert.equal(name, 'orders.odcs.yaml');
    assert.equal(document.kind, 'DataContract');
    assert.equal(document.apiVersion, 'v3.1.0');
    assert.equal(document.id, 'dataset:default/orders');
    assert.equal(document.domain, 'sales');
    // one server per environment and output, with the configured bucket names
    assert.deepEqual(
      document.servers.map(server => server.server),
      [
        'dev-glue-sales_orders-orders',
        'dev-s3-datalake',
        'prd-glue-sales_orders-orders',
        'prd-s3-datalake',
      ],
    );
    assert.equal(document.schema[0].properties.length, 7);
  });

  it('downloads the ODPS document of the sales-orders product', async () => {
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataproduct/sales-orders`,
      p => p.getByRole('button', { name: 'Download ODPS' }),
    );
    await page.getByText(/3 output ports and 0 input ports/).waitFor();
    const { name, document } = await download(page, 'Download ODPS');
    assert.equal(name, 'sales-orders.odps.yaml');
    assert.equal(document.kind, 'DataProduct');
    assert.equal(document.apiVersion, 'v1.0.0');
    assert.deepEqual(document.outputPorts.map(port => port.contractId).sort(), [
      'dataset:default/order-lines',
      'dataset:default/orders',
      'dataset:default/orders-legacy-csv',
    ]);
  });
});
