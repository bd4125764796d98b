#!/usr/bin/env node
/*
 * Benchmark of a deployment from the command line on the embedded default: how long from
 * `meshport apply --wait` of a new data product to a healthy `meshport get`.
 *
 *   node packages/cli/bench/deploy.bench.js [--products 5] [--port 7402]
 *
 * Starts the portal as `./scripts/start` does (packages/backend with app-config.yaml: SQLite,
 * guest sign-in, the sample organisation, provisioning in plan mode) on a fresh data folder and
 * the given port, signs in as the guest with `meshport login --provider guest`, then for each of `--products` new
 * two-environment products (owned by the guest's team) runs the real `meshport` binary as a user
 * would: `apply <folder> --wait`, then `get` until it exits 0. Prints each timing and the median
 * and the maximum; fails when a product does not become healthy within two minutes.
 */
/* eslint-disable no-console */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const meshportBin = path.join(root, 'packages/cli/bin/meshport');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const products = option('products', 5);
const port = option('port', Number(process.env.MESHPORT_BENCH_PORT ?? 7402));
const portal = `http://localhost:${port}`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-deploy-bench-'));
const dataDir = path.join(work, 'data');
fs.mkdirSync(dataDir);
const overrides = path.join(work, 'port.yaml');
// JSON is YAML: the port and URLs of this run.
fs.writeFileSync(
  overrides,
  JSON.stringify({
    app: { baseUrl: portal },
    backend: {
      baseUrl: portal,
      listen: { port, host: '127.0.0.1' },
      cors: { origin: portal },
    },
  }),
);

const log = fs.openSync(path.join(work, 'backend.log'), 'w');
const backend = spawn(
  'yarn',
  [
    'workspace',
    'backend',
    'start',
    '--config',
    path.join(root, 'app-config.yaml'),
    '--config',
    overrides,
  ],
  {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, MESHPORT_DATA_DIR: dataDir },
  },
);
function stop() {
  try {
    process.kill(-backend.pid, 'SIGTERM');
  } catch {
    // gone already
  }
}
process.on('exit', () => {
  stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const env = {
  ...process.env,
  MESHPORT_CONFIG_DIR: path.join(work, 'home'),
  MESHPORT_TOKEN: '',
  MESHPORT_PORTAL: portal,
};
delete env.MESHPORT_TOKEN;

function meshport(...args) {
  return spawnSync(process.execPath, [meshportBin, ...args], {
    cwd: work,
    env,
    encoding: 'utf8',
  });
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function waitForPortal() {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      const ready = await fetch(`${portal}/.backstage/health/v1/readiness`);
      // Sign in once the catalog knows the guest is in team-sales: the token carries the
      // ownership the catalog had at sign-in.
      if (
        ready.ok &&
        meshport('login', '--portal', portal, '--provider', 'guest').status ===
          0
      ) {
        const { portals } = JSON.parse(
          fs.readFileSync(
            path.join(env.MESHPORT_CONFIG_DIR, 'credentials.json'),
            'utf8',
          ),
        );
        const guest = await fetch(
          `${portal}/api/catalog/entities/by-name/user/default/guest`,
          {
            headers: { authorization: `Bearer ${portals[portal].token}` },
          },
        ).then(r => r.json());
        if (
          (guest.relations ?? []).some(
            r => r.targetRef === 'group:default/team-sales',
          )
        ) {
          if (
            meshport('login', '--portal', portal, '--provider', 'guest')
              .status === 0
          )
            return;
        }
      }
    } catch {
      // not listening yet
    }
    await sleep(1000);
  }
  throw new Error(`the portal on ${portal} was not ready within 180 s`);
}

function writeProduct(name) {
  const folder = path.join(work, name);
  fs.mkdirSync(folder);
  const documents = [
    {
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'DataProduct',
      metadata: { name, title: `Bench ${name}` },
      spec: {
        owner: 'team-sales',
        domain: 'sales',
        lifecycle: 'experimental',
        type: 'source-aligned',
        environments: ['dev', 'prd'],
      },
    },
    {
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: `${name}-lines` },
      spec: {
        dataProduct: name,
        owner: 'team-sales',
        access: 'restricted',
        outputs: [{ type: 's3', bucket: 'datalake', path: `bench/${name}/` }],
      },
    },
  ];
  fs.writeFileSync(
    path.join(folder, 'catalog-info.yaml'),
    documents.map(d => JSON.stringify(d, null, 2)).join('\n---\n'),
  );
  return folder;
}

async function main() {
  const started = Date.now();
  await waitForPortal();
  console.log(
    `portal ready and signed in after ${((Date.now() - started) / 1000).toFixed(
      1,
    )} s`,
  );
  const applyTimes = [];
  const healthyTimes = [];
  for (let i = 0; i < products; i++) {
    const name = `bench-${Date.now().toString(36)}-${i}`;
    const folder = writeProduct(name);
    const start = Date.now();
    const applied = meshport('apply', folder, '--wait', '--timeout', '2m');
    const appliedAt = Date.now();
    if (applied.status !== 0) {
      throw new Error(
        `apply of ${name} failed:\n${applied.stdout}${applied.stderr}`,
      );
    }
    let got;
    for (;;) {
      got = meshport('get', name);
      if (got.status === 0) break;
      if (Date.now() - start > 120_000) {
        throw new Error(
          `${name} was not healthy within 2 minutes:\n${got.stdout}`,
        );
      }
      await sleep(200);
    }
    const healthyAt = Date.now();
    applyTimes.push(appliedAt - start);
    healthyTimes.push(healthyAt - start);
    console.log(
      `${name}: apply --wait ${
        (appliedAt - start) / 1000
      } s, healthy get after ${(healthyAt - start) / 1000} s`,
    );
  }
  const median = values => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] / 1000;
  };
  console.log(
    `apply --wait: median ${median(applyTimes)} s, max ${
      Math.max(...applyTimes) / 1000
    } s; apply --wait to a healthy get: median ${median(healthyTimes)} s, max ${
      Math.max(...healthyTimes) / 1000
    } s (${products} products, CLI start included)`,
  );
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error.message);
    process.exit(1);
  },
);
