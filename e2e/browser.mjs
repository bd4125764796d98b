// Shared helpers for the real-browser tests: Debian's Chromium through playwright-core.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const baseUrl = process.env.E2E_BASE_URL ?? 'http://localhost:7017';
export const outDir = process.env.E2E_OUT_DIR ?? path.resolve('.e2e');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium with a fresh profile; returns { context, page, close }. */
export async function openBrowser() {
  const profile = mkdtempSync(path.join(tmpdir(), 'meshport-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the guest provider ("Enter" on the sign-in page). */
export async function signInAsGuest(page) {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .waitForURL(url => !url.pathname.startsWith('/sign-in'), {
      timeout: 30_000,
    })
    .catch(() => {});
  await page.getByText('Data products', { exact: false }).first().waitFor();
}

/**
 * Opens a URL and reloads until `text` is visible: the catalog processes the sample data in the
 * background after start, so an entity page may 404 for the first seconds.
 */
export async function gotoUntilVisible(
  page,
  url,
  locatorFn,
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    try {
      await locatorFn(page).first().waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}

/**
 * Signs in as one of the sample users (`meshport.sampleUsers`, e.g. `erin`): picks them on the
 * sign-in page, which sets the `meshport-sample-user` cookie for the backend's `sample-users`
 * provider. Use a fresh browser (openBrowser) per person.
 */
export async function signInAs(page, userName) {
  await page.goto(baseUrl);
  await page
    .getByRole('button', { name: `Sign in as ${userName}`, exact: true })
    .click();
  await page
    .waitForURL(url => !url.pathname.startsWith('/sign-in'), {
      timeout: 30_000,
    })
    .catch(() => {});
  await page.getByText('Data products', { exact: false }).first().waitFor();
}
