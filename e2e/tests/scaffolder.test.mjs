// A data product developer creates a product with the wizard at /create (embedded default: a git
// repository on the portal host, plan mode), watches the task finish, opens the product in the
// catalog and sees its roles planned on the Provisioning tab, then opens the new dataset and finds
// the two columns of the schema step. Prints the lead time from pressing Create to that tab showing
// the roles (a figure, not an assertion). Writes docs/images/wizard-schema.png (the schema step)
// and docs/images/wizard.png (the review page) for the README.
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

// Unique per run, so a re-run against the same portal never meets its own product.
const suffix = Date.now().toString(36);
const name = `wizard-${suffix}`;
const datasetName = `wizard-scores-${suffix}`;

async function next(page) {
  await page.getByRole('button', { name: 'Next' }).click();
}

async function pick(page, label, optionText) {
  const input = page
    .getByRole('combobox', { name: label })
    .or(page.getByLabel(label, { exact: false }));
  await input.first().click();
  await input.first().fill(optionText);
  await page
    .getByRole('option', { name: new RegExp(optionText, 'i') })
    .first()
    .click();
}

/**
 * The owner picker offers the user's own groups; with only one it is chosen and fixed. It is busy
 * until the catalog holds the user's groups (a portal that has just started is still reading them).
 */
async function chooseOwner(page, groupTitle) {
  const input = page
    .getByRole('combobox', { name: 'Owner' })
    .or(page.getByLabel('Owner', { exact: false }))
    .first();
  await input.waitFor();
  const deadline = Date.now() + 60_000;
  while (
    (await input.getAttribute('aria-busy')) !== 'false' &&
    Date.now() < deadline
  ) {
    await page.waitForTimeout(200);
  }
  // loaded: the only group is chosen a moment later; among several, pick one
  for (let tries = 0; tries < 10; tries++) {
    if ((await input.inputValue()) === groupTitle) return;
    await page.waitForTimeout(200);
  }
  await pick(page, 'Owner', groupTitle);
}

describe('create a data product with the wizard', () => {
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

  it('fills the wizard, runs the task and finds the product with its roles planned', async t => {
    t.after(async () => {
      if (process.env.E2E_OUT_DIR) {
        await page
          .screenshot({
            path: path.join(process.env.E2E_OUT_DIR, 'scaffolder-last.png'),
          })
          .catch(() => {});
      }
    });
    await gotoUntilVisible(
      page,
      `${baseUrl}/create/templates/default/data-product`,
      p => p.getByText('Name the product'),
    );
    // the page says what it is for
    await page
      .getByRole('heading', { name: 'Create a data product' })
      .first()
      .waitFor();

    // page 1: the name is checked as you type
    const nameInput = page.getByLabel('Name', { exact: false }).first();
    await nameInput.fill('sales-orders');
    await page
      .getByText(
        '"sales-orders" is taken: the catalog already has DataProduct default/sales-orders',
      )
      .waitFor();
    await nameInput.fill('Bad Name');
    await page.getByText('Use lowercase letters: "bad name"').waitFor();
    await nameInput.fill(name);
    await page.getByText(`"${name}" is available`).waitFor();
    await page
      .getByLabel('Title', { exact: false })
      .first()
      .fill('Wizard scores');
    await page
      .getByLabel('Description', { exact: false })
      .first()
      .fill('Created by the browser test');
    await next(page);

    // page 2: the owner among the user's own groups (the guest has one, chosen for them), the
    // domain from the catalog
    await chooseOwner(page, 'Sales');
    await pick(page, 'Domain', 'Sales');
    await next(page);

    // page 3: the configured environments, all ticked
    await page.getByLabel(/^dev \(AWS account 111111111111/).waitFor();
    await page.locator('input[name="dev"]:checked').waitFor();
    await page.locator('input[name="prd"]:checked').waitFor();
    await next(page);

    // page 4: the first dataset
    await page
      .getByLabel('Dataset name', { exact: false })
      .first()
      .fill(datasetName);
    await page.getByText(`"${datasetName}" is available`).waitFor();
    await page
      .getByLabel('Dataset title', { exact: false })
      .first()
      .fill('Wizard scores');
    await next(page);

    // page 5: the schema, two columns; problems are sentences naming the column
    await page.getByLabel('Name of column 1').fill('customer_id');
    await page
      .getByLabel('Description of column 1')
      .fill('The customer the score is for');
    await page.getByLabel('column 1 is a primary key').check();
    await page.getByRole('button', { name: 'Add a column' }).click();
    await page.getByLabel('Name of column 2').fill('CUSTOMER_ID');
    await page.getByLabel('Name of column 2').blur();
    await page
      .getByText(
        'Column 2 ("CUSTOMER_ID"): column 1 has the same name (names are compared ignoring case)',
      )
      .waitFor();
    await page.getByLabel('Name of column 2').fill('churn_score');
    await page.getByLabel('Type of column 2').click();
    await page.getByRole('option', { name: 'Number' }).click();
    await page.getByLabel('Classification of column 2').click();
    await page.getByRole('option', { name: 'Confidential' }).click();
    await page.getByLabel('column 2 is required').check();
    await page.screenshot({
      path: path.join(root, 'docs', 'images', 'wizard-schema.png'),
    });
    await next(page);

    // page 6: service levels; a duration it cannot read gets a sentence, not a pattern
    const maxAge = page.getByLabel('Maximum age of the data', { exact: false });
    await maxAge.first().fill('daily');
    await next(page);
    await page
      .getByText('Enter a duration such as 30d, 12h or 90m')
      .first()
      .waitFor();
    assert.equal(await page.getByText('must match pattern').count(), 0);
    await maxAge.first().fill('24h');
    await next(page);
    await page.getByText('Publish to').first().waitFor();
    await page.getByRole('button', { name: 'Review' }).click();

    // review: titles, not entity refs
    await page.getByRole('button', { name: 'Create' }).waitFor();
    await page.getByText('Sales', { exact: true }).first().waitFor();
    assert.equal(await page.getByText('group:default/').count(), 0);
    assert.equal(await page.getByText('domain:default/').count(), 0);
    await page
      .getByText(
        'customer_id (text, primary key); churn_score (number, required, Confidential)',
      )
      .waitFor();
    await page.screenshot({
      path: path.join(root, 'docs', 'images', 'wizard.png'),
    });
    const started = Date.now();
    await page.getByRole('button', { name: 'Create' }).click();

    // the task runs every step and ends with its links
    await page
      .getByRole('link', { name: 'Open the data product' })
      .or(page.getByRole('button', { name: 'Open the data product' }))
      .first()
      .waitFor({ timeout: 120_000 });
    const taskSeconds = (Date.now() - started) / 1000;
    await page.getByText('Provisioning plan').first().waitFor();
    // the repository on the portal host: its own link, no GitHub one
    await page
      .getByText('Repository on the portal host (git clone it)')
      .first()
      .waitFor();
    assert.equal(await page.getByText('Repository on GitHub').count(), 0);
    await page
      .getByText(/meshport-wizard-.*-dev-service/)
      .first()
      .waitFor();

    // the product is in the catalog, and its Provisioning tab shows the planned roles
    await page
      .getByRole('link', { name: 'Open the data product' })
      .or(page.getByRole('button', { name: 'Open the data product' }))
      .first()
      .click();
    await page.getByText('Wizard scores').first().waitFor();
    assert.match(
      page.url(),
      new RegExp(`/catalog/default/dataproduct/${name}`),
    );
    // no View Source (the repository lives on the portal host) and no TechDocs (not installed)
    await page.getByText('About').first().waitFor();
    assert.equal(await page.getByText('View Source').count(), 0);
    assert.equal(await page.getByText('View TechDocs').count(), 0);
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataproduct/${name}/provisioning`,
      p => p.getByText(`meshport-${name}-prd-owner`, { exact: true }),
      60_000,
    );
    for (const env of ['dev', 'prd']) {
      for (const kind of ['consumer', 'service', 'owner']) {
        await page
          .getByText(`meshport-${name}-${env}-${kind}`, { exact: true })
          .first()
          .waitFor();
      }
    }
    const leadSeconds = (Date.now() - started) / 1000;

    // the new dataset carries the two columns of the schema step, and nothing else
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataset/${datasetName}`,
      p => p.getByText('customer_id', { exact: true }),
      60_000,
    );
    await page.getByText('churn_score', { exact: true }).first().waitFor();
    await page
      .getByText('The customer the score is for', { exact: true })
      .first()
      .waitFor();
    assert.equal(
      await page.getByText('updated_at', { exact: true }).count(),
      0,
    );
    // the figure for the note: Create pressed -> product in the catalog with its roles planned
    console.log(
      `[lead time] task finished in ${taskSeconds.toFixed(
        1,
      )}s; product in the catalog with its roles planned after ${leadSeconds.toFixed(
        1,
      )}s`,
    );
  });

  it('adds a dataset to that product: the picker offers only products the portal can change, the schema step gives the columns', async t => {
    t.after(async () => {
      if (process.env.E2E_OUT_DIR) {
        await page
          .screenshot({
            path: path.join(
              process.env.E2E_OUT_DIR,
              'scaffolder-dataset-last.png',
            ),
          })
          .catch(() => {});
      }
    });
    const addedName = `wizard-added-${suffix}`;
    await gotoUntilVisible(
      page,
      `${baseUrl}/create/templates/default/dataset`,
      p => p.getByText('Product and dataset'),
    );
    // the guest's team owns Sales orders, but it comes from a file the portal cannot commit to
    const picker = page.locator('input#root_dataProduct');
    await picker.click();
    await page.getByRole('option', { name: 'Wizard scores' }).waitFor();
    assert.equal(
      await page.getByRole('option', { name: 'Sales orders' }).count(),
      0,
    );
    await page.getByRole('option', { name: 'Wizard scores' }).click();
    await page
      .getByLabel('Dataset name', { exact: false })
      .first()
      .fill(addedName);
    await page.getByText(`"${addedName}" is available`).waitFor();
    await page
      .getByLabel('Dataset title', { exact: false })
      .first()
      .fill('Wizard drivers');
    await next(page);

    await page.getByLabel('Name of column 1').fill('driver');
    await page.getByLabel('column 1 is required').check();
    await next(page);
    await page.getByText('Maximum age of the data').first().waitFor();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByText('Wizard scores', { exact: true }).first().waitFor();
    assert.equal(await page.getByText('dataproduct:default/').count(), 0);
    await page.getByRole('button', { name: 'Create' }).click();

    await page
      .getByRole('link', { name: 'Open the dataset' })
      .or(page.getByRole('button', { name: 'Open the dataset' }))
      .first()
      .waitFor({ timeout: 120_000 });
    await gotoUntilVisible(
      page,
      `${baseUrl}/catalog/default/dataset/${addedName}`,
      p => p.getByText('driver', { exact: true }),
      60_000,
    );
  });
});
