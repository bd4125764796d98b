// A pipeline of the marketing-campaigns product reports its runs with OpenLineage (a batch posted
// with a pipeline token, the way the openlineage clients do): it reads Orders (a declared input
// port) and Shipments (no input port, no grant) and writes Campaign performance. A consumer opens
// the dataset's Lineage tab and sees the job, its last run, and its input and output datasets; the
// Shipments owner's Lineage tab flags the undeclared read.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  baseUrl,
  gotoUntilVisible,
  openBrowser,
  outDir,
  signInAsGuest,
} from '../browser.mjs';

const TOKEN = 'e2e-lineage-pipeline-token';
const headers = {
  Authorization: `Bearer ${TOKEN}`,
  'Content-Type': 'application/json',
};
// Unique per run, so a re-run against the same portal shows this run's job.
const jobName = `attribute_orders_${Date.now().toString(36)}`;
const GLUE = 'arn:aws:glue:eu-west-1:111111111111';

function runEvents() {
  const runId = randomUUID();
  const base = {
    producer: 'https://github.com/meshport/e2e',
    schemaURL:
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId },
    job: { namespace: 'marketing-campaigns', name: jobName },
    inputs: [
      { namespace: GLUE, name: 'table/sales_orders/orders' },
      {
        namespace: 's3://meshport-dev-datalake',
        name: 'logistics/shipments/2026/12/05/part-0.parquet',
      },
    ],
  };
  const output = {
    namespace: GLUE,
    name: 'table/marketing_campaigns/campaign_performance',
    facets: {
      columnLineage: {
        fields: {
          attributed_revenue: {
            inputFields: [
              {
                namespace: GLUE,
                name: 'table/sales_orders/orders',
                field: 'amount',
              },
            ],
          },
        },
      },
    },
  };
  const now = Date.now();
  return [
    {
      ...base,
      eventType: 'START',
      eventTime: new Date(now - 60_000).toISOString(),
      outputs: [output],
    },
    {
      ...base,
      eventType: 'COMPLETE',
      eventTime: new Date(now).toISOString(),
      outputs: [output],
    },
  ];
}

async function waitForEntity(ref, timeoutMs = 120_000) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
      { headers },
    );
    if (response.ok) return;
    if (Date.now() > deadline)
      throw new Error(`${ref} never appeared in the catalog`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** Posts a run; once more with a new run when the backend's catalog view was older than the catalog. */
async function postRun() {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${baseUrl}/api/data-products/lineage`, {
      method: 'POST',
      headers,
      body: JSON.stringify(runEvents()),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const body = await response.json();
    assert.equal(body.stored, 2);
    if (body.unmatchedDatasets.length === 0) return;
    if (attempt > 0) {
      assert.fail(
        `unmatched datasets: ${JSON.stringify(body.unmatchedDatasets)}`,
      );
    }
    await new Promise(r => setTimeout(r, 16_000));
  }
}

describe('lineage', () => {
  let browser;
  let page;
  before(async () => {
    for (const ref of [
      'dataset:default/campaign-performance',
      'dataset:default/orders',
      'dataset:default/shipments',
      'dataproduct:default/marketing-campaigns',
    ]) {
      await waitForEntity(ref);
    }
    await postRun();
    browser = await openBrowser();
    page = browser.page;
    await signInAsGuest(page);
  });
  after(async () => {
    await browser?.close();
  });

  it('rejects an event without a run id, naming the field', async () => {
    const [start] = runEvents();
    const response = await fetch(`${baseUrl}/api/data-products/lineage`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...start, run: {} }),
    });
    assert.equal(response.status, 400);
    assert.equal(
      (await response.json()).error.message,
      'body.run.runId: is required',
    );
  });

  it('shows the job with its last run and its input and output datasets', async t => {
    t.after(() =>
      page
        .screenshot({
          path: path.join(outDir, 'lineage-last.png'),
          fullPage: true,
        })
        .catch(() => {}),
    );
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataset/campaign-performance/lineage`,
      p => p.getByText(`marketing-campaigns/${jobName}`),
    );
    const jobs = page.getByRole('table', { name: 'Jobs' });
    const row = jobs.getByRole('row').filter({ hasText: jobName });
    await row.getByRole('link', { name: 'Orders', exact: true }).waitFor();
    await row.getByRole('link', { name: 'Shipments', exact: true }).waitFor();
    await row
      .getByRole('link', { name: 'Campaign performance', exact: true })
      .waitFor();
    await row
      .getByRole('link', { name: 'Marketing campaigns', exact: true })
      .waitFor();
    await row.getByText('Complete').waitFor();

    const upstream = page.getByRole('table', { name: 'Upstream datasets' });
    await upstream.getByRole('link', { name: 'Orders', exact: true }).waitFor();
    await upstream
      .getByRole('link', { name: 'Shipments', exact: true })
      .waitFor();
    const columns = page.getByRole('table', { name: 'Column lineage' });
    await columns.getByText('Orders.amount').waitFor();
    await page.screenshot({
      path: path.join(outDir, 'lineage-dataset.png'),
      fullPage: true,
    });
  });

  it("flags the undeclared read on the Shipments dataset's Lineage tab", async () => {
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataset/shipments/lineage`,
      p => p.getByRole('alert', { name: 'Undeclared consumption' }),
    );
    const alert = page.getByRole('alert', { name: 'Undeclared consumption' });
    const text = await alert.innerText();
    assert.match(
      text,
      /Marketing campaigns reads Shipments \(job marketing-campaigns\/attribute_orders_/,
    );
    assert.match(text, /without an input port or an access grant/);
    // the read counts as usage of Shipments
    await page
      .getByText(/1 reader in the last 30 days|readers in the last 30 days/)
      .waitFor();
    await page.screenshot({
      path: path.join(outDir, 'lineage-undeclared.png'),
      fullPage: true,
    });
  });
});
