// "Migrate to v2", as the guest (team-sales): its Quote engine product gets access to Tariffs
// (unrestricted: approved at once) from the dataset's Access tab; Tariffs v2 replaces Tariffs on a
// sunset, so the product's Access tab offers "Migrate to v2" with the sunset and the changes; the
// guest accepts, and then sees the grant on Tariffs v2 in the product's inputs. Only this file
// touches the e2e-migration namespace (e2e/fixtures/migration.yaml).
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
const datasetAccess = `${baseUrl}/catalog/e2e-migration/dataset/tariffs/access`;
const productAccess = `${baseUrl}/catalog/e2e-migration/dataproduct/quote-engine/access`;
const PURPOSE = 'Prices the quotes of the web shop';

describe('migrate to v2', () => {
  let guest;
  before(async () => {
    guest = await openBrowser();
    await signInAsGuest(guest.page);
  });
  after(async () => {
    await guest?.close();
  });

  it('the guest gets access to Tariffs for Quote engine', async () => {
    const page = guest.page;
    await gotoUntilVisible(page, datasetAccess, p =>
      p.getByRole('button', { name: /Consuming data product/ }),
    );
    await page.getByRole('button', { name: /Consuming data product/ }).click();
    await page.getByRole('option', { name: 'Quote engine' }).click();
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    await page.getByRole('textbox', { name: /Purpose/ }).fill(PURPOSE);
    // the form's button (Quote engine's declared port also offers "Request access" in place)
    await page
      .getByRole('form', { name: 'Request access' })
      .getByRole('button', { name: 'Request access' })
      .click();
    // unrestricted: approved at once, a grant of the product
    await page
      .getByRole('table', { name: 'Grants' })
      .getByRole('row')
      .filter({ hasText: /quote[- ]engine/i })
      .first()
      .waitFor();
  });

  it('sees "Migrate to v2" on the product Access tab, accepts, and reads the new version', async () => {
    const page = guest.page;
    const offer = p => p.getByRole('group', { name: 'Migrate to v2: Tariffs' });
    await gotoUntilVisible(page, productAccess, offer);
    const group = offer(page);
    await group.getByText('Migrate to v2: Tariffs v2').waitFor();
    // the sunset in the browser's locale, and what changes
    const sunset = await page.evaluate(() =>
      new Date('2030-06-30T00:00:00Z').toLocaleDateString(undefined, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    );
    await group.getByText(sunset, { exact: true }).waitFor();
    const changes = group.getByRole('list', { name: 'Changes in Tariffs v2' });
    await changes
      .getByText(/surcharge/)
      .first()
      .waitFor();
    assert.ok((await changes.getByText('Breaking').count()) >= 1);
    await page.screenshot({
      path: path.join(root, 'docs', 'images', 'migrate-to-v2.png'),
      fullPage: true,
    });

    await group.getByRole('button', { name: 'Migrate to v2' }).click();
    // the old grant keeps its own end when that comes before the sunset (the form asked for 90 days)
    await group
      .getByText(
        /^Moved: this product now reads Tariffs v2 in dev, and keeps reading the old version until .+\.$/,
      )
      .waitFor();
    assert.equal(
      await group.getByRole('button', { name: 'Migrate to v2' }).count(),
      0,
    );

    // the product's inputs list the grant on the new version (reloaded from the server)
    await gotoUntilVisible(page, productAccess, p =>
      p
        .getByRole('table', { name: 'Inputs' })
        .getByRole('row')
        .filter({ hasText: /tariffs[- ]v2/i })
        .filter({ hasText: /approved|granted/ }),
    );
    await offer(page)
      .getByText(/^Accepted: the access to Tariffs v2 (is granted|is approved)/)
      .waitFor();
  });
});
