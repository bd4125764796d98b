// The adoption test: Meshport installed as a new user would, into stock Backstage apps.
//   1. build and pack every publishable package (.e2e/adoption/packs/);
//   2. the CLI tarball validates examples/ through npx in an empty folder (cli.mjs);
//   3. per frontend system (ADOPTION_APPS: "next,legacy" by default, "none" for 1-2 only): a stock app
//      from @backstage/create-app, pinned to the targeted release, the tarballs installed, the README's
//      install guide applied by script (guide.mjs), type-checked, the app built, the backend started;
//      then the catalog, Meshport's routes and a DataProduct page in Chromium are checked (checks.mjs).
// Writes the timing of each step to .e2e/adoption/summary.json and exits 1 on the first failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCli } from './cli.mjs';
import { checkPortal, startBackend } from './checks.mjs';
import { applyGuide } from './guide.mjs';
import {
  createStockApp,
  driftedPackages,
  fetchCreateApp,
  lockedBackstageVersions,
  pinStockApp,
  releaseVersions,
  run,
} from './stockApp.mjs';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
const workDir = path.resolve(
  process.env.ADOPTION_DIR ?? path.join(repoRoot, '.e2e', 'adoption'),
);
const apps = (process.env.ADOPTION_APPS ?? 'next,legacy')
  .split(',')
  .filter(app => app && app !== 'none');
const reuse = process.env.ADOPTION_REUSE === '1';
const PORTS = { next: 7610, legacy: 7611 };
const logFile = path.join(workDir, 'adoption.log');
fs.mkdirSync(workDir, { recursive: true });
fs.writeFileSync(logFile, '');

const timings = [];
const log = msg => console.error(`[adoption] ${msg}`);
async function step(name, fn) {
  const started = Date.now();
  log(`${name} ...`);
  const result = await fn();
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  timings.push({ step: name, seconds });
  log(`${name}: ${seconds} s`);
  fs.writeFileSync(
    path.join(workDir, 'summary.json'),
    `${JSON.stringify({ timings }, null, 2)}\n`,
  );
  return result;
}

function yarnEnv() {
  const env = {
    ...process.env,
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    // The stock apps live under this repository, whose .yarnrc.yml Yarn would also read: their own
    // cache (shared by both apps, kept between runs), never this repository's (Yarn prunes a cache
    // of what the project installing does not use).
    YARN_CACHE_FOLDER: path.join(workDir, 'yarn-cache'),
  };
  delete env.CI; // Yarn's CI default is an immutable lockfile; the stock app's is new
  return env;
}

/** Builds and packs every non-private workspace; returns { name: tarball }. */
function packAll() {
  const packDir = path.join(workDir, 'packs');
  fs.rmSync(packDir, { recursive: true, force: true });
  fs.mkdirSync(packDir, { recursive: true });
  run('yarn', ['backstage-cli', 'repo', 'build'], { cwd: repoRoot, logFile });
  const tarballs = {};
  for (const group of ['plugins', 'packages']) {
    for (const name of fs.readdirSync(path.join(repoRoot, group))) {
      const dir = path.join(repoRoot, group, name);
      const manifestFile = path.join(dir, 'package.json');
      if (!fs.existsSync(manifestFile)) continue;
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
      if (manifest.private) continue;
      const out = path.join(
        packDir,
        `${manifest.name.replace('@', '').replace('/', '-')}-${
          manifest.version
        }.tgz`,
      );
      run('yarn', ['pack', '--out', out], { cwd: dir, logFile });
      tarballs[manifest.name] = out;
    }
  }
  return tarballs;
}

async function adopt(app, tarballs, createAppDir, release) {
  const appDir = path.join(workDir, `${app}-app`);
  const versionOf = name => {
    if (tarballs[name]) {
      return `^${
        JSON.parse(
          fs.readFileSync(
            path.join(repoRoot, 'node_modules', name, 'package.json'),
            'utf8',
          ),
        ).version
      }`;
    }
    // the targeted release's version: create-app's list, then this repository's lock
    const pinned =
      release[name] ??
      lockedBackstageVersions(path.join(repoRoot, 'yarn.lock'))[name];
    if (pinned) return pinned;
    throw new Error(
      `the guide installs ${name}, which is neither ours nor in the release`,
    );
  };
  const installed = reuse && fs.existsSync(path.join(appDir, 'node_modules'));
  if (!installed) {
    await step(`${app}: create-app`, () =>
      createStockApp({
        createAppDir,
        appDir,
        legacy: app === 'legacy',
        logFile,
      }),
    );
    await step(`${app}: pin to the release, apply the README's guide`, () => {
      pinStockApp({ appDir, repoRoot, release, tarballs });
      const { applied, skipped } = applyGuide({
        readmeFile: path.join(repoRoot, 'README.md'),
        run: { app, appDir, repoRoot, tarballs, versionOf },
      });
      log(`${app}: guide blocks applied: ${applied.join(', ')}`);
      for (const reason of skipped)
        log(`${app}: guide block skipped: ${reason}`);
    });
    await step(`${app}: yarn install`, () =>
      run('yarn', ['install'], { cwd: appDir, env: yarnEnv(), logFile }),
    );
  }
  const drifted = driftedPackages(appDir, {
    ...lockedBackstageVersions(path.join(repoRoot, 'yarn.lock')),
    ...release,
  });
  if (drifted.length) {
    throw new Error(
      `${app}: installed past the targeted release: ${drifted.join(', ')}`,
    );
  }
  await step(`${app}: tsc`, () =>
    run('yarn', ['tsc'], { cwd: appDir, env: yarnEnv(), logFile }),
  );
  await step(`${app}: app build`, () =>
    run('yarn', ['workspace', 'app', 'build'], {
      cwd: appDir,
      env: yarnEnv(),
      logFile,
    }),
  );
  const backend = await step(`${app}: backend start`, () =>
    startBackend({ appDir, port: PORTS[app], env: yarnEnv(), workDir, app }),
  );
  try {
    await step(`${app}: catalog, routes, DataProduct page in Chromium`, () =>
      checkPortal({
        baseUrl: backend.baseUrl,
        app,
        workDir,
        permissionModule: Boolean(
          tarballs['@meshport/plugin-permission-backend-module-data-products'],
        ),
        log,
      }),
    );
  } finally {
    backend.stop();
  }
}

const started = Date.now();
let failed;
try {
  const tarballs = await step('build and pack every package', packAll);
  await step('CLI tarball: npx in an empty folder', () =>
    checkCli({ tarballs, repoRoot, workDir, log }),
  );
  if (apps.length) {
    const createAppDir = await step('fetch @backstage/create-app', () =>
      fetchCreateApp(workDir),
    );
    const release = releaseVersions(createAppDir);
    for (const app of apps) await adopt(app, tarballs, createAppDir, release);
  }
} catch (error) {
  failed = error;
  log(`FAILED: ${error.stack ?? error}`);
}
const total = Math.round((Date.now() - started) / 1000);
fs.writeFileSync(
  path.join(workDir, 'summary.json'),
  `${JSON.stringify({ timings, total, passed: !failed }, null, 2)}\n`,
);
log(
  `${failed ? 'failed' : 'passed'} in ${total} s (steps: ${path.relative(
    repoRoot,
    path.join(workDir, 'summary.json'),
  )}, log: ${path.relative(repoRoot, logFile)})`,
);
process.exitCode = failed ? 1 : 0;
