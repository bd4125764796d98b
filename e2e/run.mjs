// Real-browser tests: builds the app, starts the portal (backend serving the built app) on a fresh
// SQLite folder, runs e2e/tests/*.test.mjs with node's test runner driving Debian's Chromium through
// playwright-core, then stops the portal. Results go to .e2e/e2e.json for the suite summary.
import { spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.E2E_PORT ?? 7017);
const baseUrl = `http://localhost:${port}`;
// E2E_OUT_DIR: where the log and results go (default .e2e); E2E_ONLY: run only the test files whose
// name contains it (e.g. E2E_ONLY=access); E2E_SKIP_BUILD=1: reuse packages/app/dist.
const outDir = process.env.E2E_OUT_DIR
  ? path.resolve(process.env.E2E_OUT_DIR)
  : path.join(root, '.e2e');
mkdirSync(outDir, { recursive: true });
const log = msg => console.error(`[e2e] ${msg}`);

if (!process.env.E2E_SKIP_BUILD) {
  log('building the app');
  // flock: two runs on one checkout never write packages/app/dist at once
  const build = spawnSync(
    'flock',
    [
      path.join(tmpdir(), 'meshport-app-build.lock'),
      'yarn',
      'workspace',
      'app',
      'build',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'meshport-e2e-'));
const backendLog = path.join(outDir, 'backend.log');
const logFd = openSync(backendLog, 'w');
log(
  `starting the portal on ${baseUrl} (log: ${path.relative(root, backendLog)})`,
);
const backend = spawn(
  'yarn',
  [
    'workspace',
    'backend',
    'start',
    '--config',
    path.join(root, 'app-config.yaml'),
    '--config',
    path.join(root, 'e2e', 'app-config.e2e.yaml'),
  ],
  {
    cwd: root,
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, MESHPORT_DATA_DIR: dataDir, E2E_PORT: String(port) },
  },
);

function stopBackend() {
  try {
    process.kill(-backend.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
process.on('exit', () => {
  stopBackend();
  rmSync(dataDir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(1));
}

async function waitForPortal(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (backend.exitCode !== null) throw new Error('the portal exited early');
    // the dev runner stays alive after a crash, waiting for a change: read the log instead
    if (/^Node\.js v\d+/m.test(readFileSync(backendLog, 'utf8'))) {
      throw new Error('the portal crashed on start');
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`the portal was not ready within ${timeoutMs / 1000}s`);
}

const started = Date.now();
try {
  await waitForPortal(180_000);
} catch (e) {
  log(`${e.message}; see ${backendLog}`);
  process.exit(1);
}
log(`portal ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);

const testDir = path.join(root, 'e2e', 'tests');
const files = readdirSync(testDir)
  .filter(f => f.endsWith('.test.mjs'))
  .filter(f => !process.env.E2E_ONLY || f.includes(process.env.E2E_ONLY))
  .sort()
  .map(f => path.join(testDir, f));
const tests = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${path.join(root, 'e2e', 'count-reporter.mjs')}`,
    `--test-reporter-destination=${path.join(outDir, 'e2e.json')}`,
    ...files,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, E2E_BASE_URL: baseUrl, E2E_OUT_DIR: outDir },
  },
);
process.exit(tests.status ?? 1);
