// What a consumer and an owner read around a product: the data-flow graph shows only data flow with
// the access state on each consumer edge, readable at 1440x900 and 1024x768 (checked by element
// geometry); the SLO card explains the error budget and burn rate in a sentence; the Provisioning
// tab lists this product's own changes with a diff; a refusal is a sentence without refs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  baseUrl,
  gotoUntilVisible,
  openBrowser,
  signInAsGuest,
} from '../browser.mjs';

const SHIPMENTS_URL = `${baseUrl}/catalog/default/dataset/shipments`;
const C360_URL = `${baseUrl}/catalog/default/dataproduct/customer-360`;

/** True when two boxes share any area. */
const overlaps = (a, b) =>
  a.x < b.x + b.width &&
  b.x < a.x + a.width &&
  a.y < b.y + b.height &&
  b.y < a.y + a.height;

/** The graph's boxes, labels and text metrics, read from the page. */
async function graphGeometry(page) {
  return page.evaluate(() => {
    const box = el => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const nodes = [...document.querySelectorAll('[data-testid="flow-node"]')];
    const labels = [
      ...document.querySelectorAll('[data-testid="flow-edge-label"]'),
    ];
    return {
      nodes: nodes.map(n => ({
        ...box(n),
        kind: n.dataset.kind,
        text: n.innerText,
        clipped: n.scrollHeight > n.clientHeight + 1,
        sizes: `${n.scrollHeight}/${n.clientHeight} ${[
          ...n.querySelectorAll('*'),
        ]
          .map(
            c => `${c.tagName}:${Math.round(c.getBoundingClientRect().height)}`,
          )
          .join(' ')}`,
        fontSize: parseFloat(
          getComputedStyle(n.querySelector('a, span:last-child')).fontSize,
        ),
      })),
      labels: labels.map(l => ({
        ...box(l),
        state: l.dataset.state,
        text: l.innerText,
        clipped: l.scrollWidth > l.clientWidth + 1,
        fontSize: parseFloat(getComputedStyle(l).fontSize),
      })),
    };
  });
}

describe('consumer2: graph, SLO wording, product changes, refusals', () => {
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

  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ]) {
    it(`draws the dataset's data flow legibly, without overlap, at ${width}x${height}`, async () => {
      await page.setViewportSize({ width, height });
      await gotoUntilVisible(page, SHIPMENTS_URL, p =>
        p.getByRole('group', { name: 'Data flow of this dataset' }),
      );
      const graph = page.getByRole('group', {
        name: 'Data flow of this dataset',
      });
      await graph
        .getByTestId('flow-node')
        .filter({ hasText: 'Customer 360' })
        .first()
        .waitFor();
      await graph.scrollIntoViewIfNeeded();
      const { nodes, labels } = await graphGeometry(page);

      // data flow only: products and datasets, no group or domain node
      assert.deepEqual([...new Set(nodes.map(n => n.kind))].sort(), [
        'DataProduct',
        'Dataset',
      ]);
      assert.ok(nodes.some(n => n.text.includes('Logistics shipments')));
      assert.ok(nodes.some(n => n.text.includes('This dataset')));
      // each consumer edge carries its access state
      assert.ok(labels.length > 0, 'consumer edges are labelled');
      for (const label of labels) {
        assert.ok(
          ['declared', 'requested', 'granted', 'read'].includes(label.state),
          `state ${label.state}`,
        );
      }
      const c360 = nodes.findIndex(n => n.text.includes('Customer 360'));
      assert.ok(c360 >= 0);

      // legible: text at its normal size, nothing clipped, nothing overlapping
      for (const n of nodes) {
        assert.ok(n.fontSize >= 13, `${n.text}: ${n.fontSize}px`);
        assert.ok(!n.clipped, `${n.text} is clipped: ${n.sizes}`);
        assert.ok(n.width >= 120, `${n.text} is ${n.width}px wide`);
      }
      for (const l of labels) {
        assert.ok(l.fontSize >= 12, `${l.text}: ${l.fontSize}px`);
        assert.ok(!l.clipped, `${l.text} is clipped`);
      }
      const boxes = [...nodes, ...labels];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          assert.ok(
            !overlaps(boxes[i], boxes[j]),
            `${boxes[i].text} overlaps ${boxes[j].text}`,
          );
        }
      }
      // within the window: no horizontal scrolling needed
      for (const b of boxes) {
        assert.ok(b.x >= 0 && b.x + b.width <= width, `${b.text} fits`);
      }

      // owner and domain are said in words, each with its kind
      assert.equal(
        await page.getByTestId('flow-ownership').innerText(),
        'Owned by the Logistics team, in the Logistics domain.',
      );
    });
  }

  it("draws a product's reads and readers without overlap at 1024x768", async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await gotoUntilVisible(page, C360_URL, p =>
      p.getByRole('group', { name: 'Who reads its data' }),
    );
    await page
      .getByRole('group', { name: 'What this product reads' })
      .getByTestId('flow-node')
      .first()
      .waitFor();
    await page
      .getByRole('group', { name: 'Who reads its data' })
      .scrollIntoViewIfNeeded();
    const { nodes, labels } = await graphGeometry(page);
    assert.ok(nodes.some(n => n.text.includes('Customer profile')));
    assert.ok(nodes.some(n => n.text.includes('Orders')));
    const boxes = [...nodes, ...labels];
    for (const b of boxes) {
      assert.ok(!b.clipped, `${b.text} is clipped`);
      assert.ok(b.x >= 0 && b.x + b.width <= 1024, `${b.text} fits`);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        assert.ok(
          !overlaps(boxes[i], boxes[j]),
          `${boxes[i].text} overlaps ${boxes[j].text}`,
        );
      }
    }
  });

  it("explains the breached SLO's budget and burn rate in one sentence", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    // the embedded default seeds sample measurements shortly after start
    await gotoUntilVisible(page, `${SHIPMENTS_URL}/slos`, p =>
      p
        .getByLabel('Availability error budget explained')
        .filter({ hasText: /^At / }),
    );
    const sentence = await page
      .getByLabel('Availability error budget explained')
      .innerText();
    assert.match(
      sentence,
      /^At [\d.]+%, the window lets [\d,]+ of [\d,]+ hourly checks fail; [\d,]+ failed, so the error budget is overspent by \d+%\. /,
    );
    assert.match(sentence, /burn rate [\d.]+×/);
    // "below target since" is a local date, not an ISO string
    const since = await page
      .getByRole('region', { name: 'Availability SLO' })
      .getByText(/^Below target since/)
      .innerText();
    assert.doesNotMatch(since, /\d{4}-\d{2}-\d{2}T/);
  });

  it('keeps SLO names on one line in the SLO table at 1024x768', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await gotoUntilVisible(page, SHIPMENTS_URL, p =>
      p.getByRole('table', { name: 'Service level objectives' }),
    );
    const cell = page
      .getByRole('table', { name: 'Service level objectives' })
      .getByText('Availability', { exact: true });
    const lineHeight = await cell.evaluate(el =>
      parseFloat(getComputedStyle(el).lineHeight),
    );
    const { height } = await cell.boundingBox();
    assert.ok(height < lineHeight * 1.5, `one line: ${height}px`);
  });

  it("lists this product's own changes of its last run, with a diff", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await gotoUntilVisible(page, `${C360_URL}/provisioning`, p =>
      p.getByText('What the last run changed for this product'),
    );
    const list = page.getByRole('list', { name: 'Changes to this product' });
    if ((await list.count()) === 0) {
      await page.getByRole('button', { name: 'Reconcile now' }).click();
    }
    await list.waitFor({ timeout: 120_000 });
    const changes = list.getByTestId('product-change');
    assert.ok((await changes.count()) > 0);
    // only this product's resources, never another product's: the tab lists
    // exactly what the server returns for the product
    const fromServer = await page.evaluate(async () => {
      const refresh = await fetch('/api/auth/guest/refresh', {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
        credentials: 'include',
      });
      const { token } = (await refresh.json()).backstageIdentity;
      const response = await fetch(
        '/api/data-products/provisioning/changes?entityRef=dataproduct:default/customer-360',
        { headers: { Authorization: `Bearer ${token}` } },
      );
      return response.json();
    });
    assert.ok(fromServer.changes.length > 0);
    for (const change of fromServer.changes) {
      assert.equal(change.dataProduct, 'dataproduct:default/customer-360');
    }
    assert.equal(await changes.count(), fromServer.changes.length);
    // the last run's card counts this product's changes, not the mesh's operations
    const lastRun = page
      .locator('article, [class*="MuiCard"]')
      .filter({ hasText: 'Last run' })
      .first();
    assert.doesNotMatch(await lastRun.innerText(), /\d+ operations/);

    const first = changes.first();
    await first.getByRole('button', { name: 'Show the diff' }).click();
    const diff = first.locator('pre');
    await diff.waitFor();
    assert.ok((await diff.locator('[data-kind="added"]').count()) > 0);
  });

  it('refuses a non-owner in a sentence that names who may, without refs', async () => {
    const message = await page.evaluate(async () => {
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
      return { status: response.status, body: await response.json() };
    });
    assert.equal(message.status, 403);
    assert.match(
      message.body.error.message,
      /^Only the owners of .+ — Finance team — or a Meshport admin can reconcile it\.$/,
    );
    assert.doesNotMatch(
      message.body.error.message,
      /data-products\.|[a-z]+:[a-z-]+\/|[0-9a-f]{8}-[0-9a-f]{4}-/,
    );
  });
});
