// A product owner looks at what Meshport provisions for their product on AWS (plan mode: no cloud
// account), reconciles it, and sees the run recorded; another team's product refuses them.
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

describe('provisioning tab', () => {
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

  it("shows the product's roles per environment and reconciles on request", async () => {
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataproduct/customer-360/provisioning`,
      p => p.getByText('meshport-customer-360-dev-consumer'),
    );
    await page.getByText('plan mode').first().waitFor();
    for (const env of ['dev', 'prd']) {
      for (const kind of ['consumer', 'service', 'owner']) {
        await page
          .getByText(`meshport-customer-360-${env}-${kind}`, { exact: true })
          .first()
          .waitFor();
      }
    }
    // the role ARN lives in the environment's account from app-config
    await page
      .getByText(
        'arn:aws:iam::111111111111:role/meshport/meshport-customer-360-dev-consumer',
      )
      .first()
      .waitFor();
    // the Glue database and the roles are described by the product's title, one line each
    const glue = page
      .getByText('Glue database of Customer 360, managed by Meshport', {
        exact: true,
      })
      .first();
    await glue.waitFor();
    assert.equal(
      await glue.getAttribute('title'),
      'Glue database of Customer 360, managed by Meshport',
    );
    await page
      .getByText(/^The owner role of Customer 360 in dev: /)
      .first()
      .waitFor();

    const historyRows = page
      .getByRole('table', { name: 'Run history' })
      .getByRole('row');
    // how many runs covered the product: the card pages them ("Showing 5 of 7 runs.")
    const runCount = async () => {
      const showing = page.getByText(/^Showing \d+ of \d+ runs\.$/);
      if (await showing.count()) {
        return Number(
          /of (\d+) runs/.exec(await showing.first().innerText())[1],
        );
      }
      return historyRows.count();
    };
    // the history has loaded (runs of earlier tests, or none) before it is counted
    await page
      .getByRole('table', { name: 'Run history' })
      .or(page.getByText(/^No runs yet\./))
      .first()
      .waitFor();
    const before = await runCount();
    await page.getByRole('button', { name: 'Reconcile now' }).click();
    // the queued run is picked up by the reconciler and finishes; the history shows it
    await page
      .getByRole('table', { name: 'Run history' })
      .getByText('Reconcile now')
      .first()
      .waitFor({ timeout: 90_000 });
    const newRun = page
      .getByRole('table', { name: 'Run history' })
      .getByRole('row')
      .filter({ hasText: 'Reconcile now' })
      .filter({ hasText: /succeeded|partial/ })
      .first();
    await newRun.waitFor({ timeout: 90_000 });
    // what the run changed for this product (plan mode), never the mesh-wide operation count
    const history = page.getByRole('table', { name: 'Run history' });
    await history.getByText('Changes to this product').waitFor();
    await newRun
      .getByText(
        /^(Planned: .*(created|updated|deleted).*|No change to this product)$/,
      )
      .waitFor();
    assert.doesNotMatch(
      await history.innerText(),
      /operations?:|\d+ operations/,
    );
    // runs are named by their time in words: no run ids, ISO timestamps or internal names
    assert.doesNotMatch(
      await history.innerText(),
      /[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d\d-\d\dT|\bmanual\b|\bschedule\b|catalog-change|grant-change/,
    );
    const listedBy = Date.now() + 30_000;
    while ((await runCount()) <= before && Date.now() < listedBy) {
      await page.waitForTimeout(500);
    }
    assert.ok((await runCount()) > before, 'the new run is listed');

    await page.screenshot({
      path: path.join(root, 'docs', 'images', 'provisioning-tab.png'),
    });
  });

  it("refuses to reconcile another team's product (server-side permission)", async () => {
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataproduct/finance-revenue/provisioning`,
      p => p.getByText('meshport-finance-revenue-dev-consumer'),
    );
    // the UI offers no button the server would refuse, and says who may
    await page
      .getByText(
        "Only the product's owners (and platform admins) can reconcile it",
        {
          exact: false,
        },
      )
      .waitFor();
    assert.equal(
      await page.getByRole('button', { name: 'Reconcile now' }).count(),
      0,
    );
    // and the server refuses it all the same, in a sentence with titles (no refs)
    const { status, message } = await page.evaluate(async () => {
      const refresh = await fetch('/api/auth/guest/refresh', {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
        credentials: 'include',
      });
      const { token } = (await refresh.json()).backstageIdentity;
      const response = await fetch('/api/data-products/provisioning/runs', {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          entityRef: 'dataproduct:default/finance-revenue',
        }),
      });
      return {
        status: response.status,
        message: (await response.json()).error.message,
      };
    });
    assert.equal(status, 403);
    assert.match(message, /^Only the owners of Finance revenue\b/);
    assert.doesNotMatch(message, /:default\/|data-products\./);
  });
});
