#!/usr/bin/env node
/*
 * Benchmark of the access-requests routes with 100,000 stored requests, on
 * SQLite and on PostgreSQL.
 *
 *   node plugins/data-products-backend/bench/access.bench.js [--requests 100000] [--duration 10] [--approvals 3000]
 *
 * Plain Node: the TypeScript sources are loaded through the Backstage CLI's
 * node transform, no build needed.
 *
 * For each database: runs the plugin's migrations, seeds `--requests`
 * requests (20 % pending, 50 % granted with their grants, the rest denied,
 * cancelled, revoked or expired; 1,000 consuming products, 500 datasets owned
 * by 50 teams) with one history event each, starts the real access router
 * (real store, service, validation, reconciler trigger and provisioning-run
 * store) in an Express app on loopback, and loads it with autocannon:
 *
 * 1. `GET /access/requests?awaitingMyDecision=true` as dataset owners of
 *    every team in turn: p50/p99 latency (target: p99 < 50 ms);
 * 2. `POST /access/requests/:id/approve` on distinct pending requests, each
 *    by an owner of the dataset: approvals per second (target: >= 200).
 *
 * What is faked, in process: authentication (the user is read from a
 * header), the permission policy (the portal's rules: admins, owners of the
 * entity), the catalog (a map of entities), notifications and the auditor.
 *
 * PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING if set,
 * else the private cluster of scripts/postgres.sh (started if needed); when
 * neither works, the PostgreSQL part is skipped with a message.
 */
/* eslint-disable no-console */
require('@backstage/cli/config/nodeTransform.cjs');

const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const autocannon = require('autocannon');
const express = require('express');
const { knex: createKnex } = require('knex');
const { ConfigReader } = require('@backstage/config');
const { AuthenticationError } = require('@backstage/errors');
const { AuthorizeResult } = require('@backstage/plugin-permission-common');
const {
  dataProductsOwnerPermissions,
} = require('@meshport/plugin-data-products-common');
const { applyDatabaseMigrations } = require('../src/database/migrations.ts');
const {
  DatabaseProvisioningStore,
} = require('../src/provisioning/DatabaseProvisioningStore.ts');
const { Reconciler } = require('../src/provisioning/Reconciler.ts');
const {
  DatabaseAccessRequestStore,
  useWriteAheadLogOnSqlite,
} = require('../src/access/DatabaseAccessRequestStore.ts');
const {
  AccessRequestsService,
} = require('../src/access/AccessRequestsService.ts');
const { registerAccessRoutes } = require('../src/access/router.ts');
const { createPluginRouter } = require('../src/service/httpShell.ts');
const { DEFAULT_ACCESS_REQUESTS_CONFIG } = require('../src/access/config.ts');
const {
  argValue,
  withDatabase,
  postgresConnection,
} = require('./benchDatabases');

const REQUESTS = Number(argValue('--requests') ?? 100_000);
const DURATION_S = Number(argValue('--duration') ?? 10);
const APPROVALS = Number(argValue('--approvals') ?? 3000);
const CONNECTIONS = 10;
const CONSUMERS = 1000;
const DATASETS = 500;
const OWNER_TEAMS = 50; // each owns 10 datasets
const CONSUMER_TEAMS = 100; // each owns 10 products
const TARGET_P99_MS = 50;
const TARGET_APPROVALS_PER_S = 200;

const ownerTeam = d => `group:default/owners-${d % OWNER_TEAMS}`;
const ownerUser = d => `user:default/owner-${d % OWNER_TEAMS}`;
const consumerTeam = c => `group:default/consumers-${c % CONSUMER_TEAMS}`;
const consumerUser = c => `user:default/consumer-${c % CONSUMER_TEAMS}`;
const consumerRef = c => `dataproduct:default/consumer-${c}`;
const datasetRef = d => `dataset:default/dataset-${d}`;

/** Which team each user belongs to. */
function groupsOf(user) {
  const owner = /^user:default\/owner-(\d+)$/.exec(user);
  if (owner) return [`group:default/owners-${owner[1]}`];
  const consumer = /^user:default\/consumer-(\d+)$/.exec(user);
  if (consumer) return [`group:default/consumers-${consumer[1]}`];
  return [];
}

function entities() {
  const map = new Map();
  for (let c = 0; c < CONSUMERS; c++) {
    map.set(consumerRef(c), {
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'DataProduct',
      metadata: { name: `consumer-${c}`, namespace: 'default' },
      spec: {
        owner: consumerTeam(c).replace('group:default/', ''),
        domain: 'bench',
      },
    });
  }
  for (let d = 0; d < DATASETS; d++) {
    map.set(datasetRef(d), {
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: `dataset-${d}`, namespace: 'default' },
      spec: {
        dataProduct: `producer-${d % 50}`,
        owner: ownerTeam(d).replace('group:default/', ''),
        access: 'restricted',
        outputs: [{ type: 's3', bucket: 'datalake', path: `p/${d}/` }],
      },
    });
  }
  return map;
}

/** The status mix of the stored requests, by index. */
function statusOf(i) {
  const r = i % 20;
  if (r < 4) return 'pending'; // 20 %
  if (r < 14) return 'granted'; // 50 %
  if (r < 17) return 'denied'; // 15 %
  if (r < 18) return 'cancelled';
  if (r < 19) return 'revoked';
  return 'expired';
}

/** The status of the grant of a request in `status`. */
function grantStatus(status) {
  if (status === 'granted') return 'active';
  return status === 'revoked' ? 'revoked' : 'expired';
}

/** Seeds the requests (distinct consumer/dataset pairs), their grants and one event each. */
async function seed(knex) {
  const now = Date.now();
  const yearMs = 365 * 86_400_000;
  const pending = [];
  let requests = [];
  let grants = [];
  let events = [];
  const flush = async () => {
    await knex.transaction(async tx => {
      if (requests.length) await tx('access_requests').insert(requests);
      if (grants.length) await tx('access_grants').insert(grants);
      if (events.length) await tx('access_request_events').insert(events);
    });
    requests = [];
    grants = [];
    events = [];
  };
  for (let i = 0; i < REQUESTS; i++) {
    const c = i % CONSUMERS;
    // distinct pairs: for one consumer, q = floor(i / 1000) differs (< 100 apart)
    const d = (Math.floor(i / CONSUMERS) + 5 * c) % DATASETS;
    const status = statusOf(i);
    const id = randomUUID();
    const createdAt = new Date(
      now - yearMs + Math.floor((i * yearMs) / REQUESTS),
    );
    const open = ['pending', 'approved', 'granted'].includes(status);
    const decided = !['pending', 'cancelled'].includes(status);
    const active = status === 'granted';
    const grantId = decided && status !== 'denied' ? randomUUID() : null;
    requests.push({
      id,
      consumer: consumerRef(c),
      consumer_owner: consumerTeam(c),
      dataset: datasetRef(d),
      dataset_owner: ownerTeam(d),
      environments: JSON.stringify(['dev', 'prd']),
      purpose: 'benchmark',
      requested_duration: active ? null : '90d',
      requester: consumerUser(c),
      status,
      decided_by: decided ? ownerUser(d) : null,
      decision_note: null,
      decided_at: decided ? createdAt : null,
      valid_from: grantId ? createdAt : null,
      valid_until: null,
      grant_id: grantId,
      provisioning: active ? 'planned' : null,
      renewal_of: null,
      renewed_by: null,
      open_slot: open ? `${consumerRef(c)}|${datasetRef(d)}` : null,
      expiry_notified_at: null,
      created_at: createdAt,
      updated_at: createdAt,
    });
    if (grantId) {
      grants.push({
        id: grantId,
        request_id: id,
        consumer: consumerRef(c),
        dataset: datasetRef(d),
        environments: JSON.stringify(['dev', 'prd']),
        valid_from: createdAt,
        valid_until: null,
        status: grantStatus(status),
        ended_at: active ? null : createdAt,
        created_at: createdAt,
        updated_at: createdAt,
      });
    }
    events.push({
      request_id: id,
      type: 'created',
      actor: consumerUser(c),
      at: createdAt,
      from_status: null,
      to_status: 'pending',
      note: null,
    });
    if (status === 'pending') {
      pending.push({ id, approver: ownerUser(d) });
    }
    if (requests.length === 400) await flush();
  }
  await flush();
  // A steady state: PostgreSQL's autovacuum would have run by now (index-only
  // scans need its visibility map).
  await knex.raw(
    knex.client.config.client === 'pg' ? 'vacuum analyze' : 'analyze',
  );
  return pending;
}

const silentLogger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** The real router over the real store, with in-process fakes for the other services. */
async function startServer(knex) {
  const catalogEntities = entities();
  const ownerPermissions = new Set(
    dataProductsOwnerPermissions.map(p => p.name),
  );
  const credentialsOf = user => ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: user },
  });
  const httpAuth = {
    async credentials(req) {
      const user = req.headers['x-bench-user'];
      if (!user) throw new AuthenticationError('Missing credentials');
      return credentialsOf(user);
    },
  };
  const ownerOf = entity =>
    `group:default/${entity.spec.owner}`.toLocaleLowerCase('en-US');
  const permissions = {
    async authorize(requests, { credentials }) {
      const claims = [
        credentials.principal.userEntityRef,
        ...groupsOf(credentials.principal.userEntityRef),
      ];
      return requests.map(r => {
        if (!ownerPermissions.has(r.permission.name)) {
          return { result: AuthorizeResult.ALLOW };
        }
        const entity = catalogEntities.get(r.resourceRef);
        return {
          result:
            entity && claims.includes(ownerOf(entity))
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      });
    },
  };
  const userInfo = {
    async getUserInfo(credentials) {
      const user = credentials.principal.userEntityRef;
      return {
        userEntityRef: user,
        ownershipEntityRefs: [user, ...groupsOf(user)],
      };
    },
  };
  const catalog = {
    async getEntityByRef(ref) {
      return catalogEntities.get(ref.toLocaleLowerCase('en-US'));
    },
  };
  const auditor = {
    async createEvent() {
      return { async success() {}, async fail() {} };
    },
  };
  const provisioningStore = new DatabaseProvisioningStore(knex);
  const reconciler = new Reconciler({
    store: provisioningStore,
    provisioners: [],
    inputSource: {
      setGrantsSource() {},
      gather() {
        throw new Error('not used by the benchmark');
      },
    },
    mode: 'plan',
    logger: silentLogger,
    fullReconcileIntervalMs: 1_800_000,
  });
  const store = new DatabaseAccessRequestStore(knex);
  const service = new AccessRequestsService({
    store,
    provisioning: reconciler,
    auditor,
    logger: silentLogger,
    config: DEFAULT_ACCESS_REQUESTS_CONFIG,
    notifications: { async send() {} },
    // nothing in the benchmark's mesh is retiring
    retirementStatus: {
      async getDatasetRetirementState() {
        return undefined;
      },
      async getProductRetirementState() {
        return undefined;
      },
    },
  });
  const config = new ConfigReader({});
  // the plugin's own shell: body parsing, the OpenAPI validation, one error middleware
  const router = createPluginRouter({
    config,
    logger: silentLogger,
    routes: [
      typed =>
        registerAccessRoutes(typed, {
          logger: silentLogger,
          config,
          httpAuth,
          userInfo,
          permissions,
          auditor,
          catalog,
          store,
          service,
          environments: [{ name: 'dev' }, { name: 'prd' }],
          admins: [],
        }),
    ],
  });
  const app = express();
  app.use('/api/data-products', router);
  const server = await new Promise(resolve => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

function runAutocannon(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    autocannon.track(instance, {
      renderProgressBar: false,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

/**
 * Starts the server in a child process (so the load generator and the server
 * do not share one event loop), answering with its URL.
 */
function forkServer(knexConfig) {
  const child = fork(__filename, ['--serve', JSON.stringify(knexConfig)], {
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.on('message', message => {
      if (message?.type === 'access-bench-ready') {
        resolve({ child, url: message.url });
      }
    });
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`The benchmark server exited with code ${code}`)),
    );
  });
}

/** The child process: the real router on its own connection pool. */
async function serve(knexConfig) {
  const knex = createKnex(knexConfig);
  // What the plugin's store does when it starts (DatabaseAccessRequestStore.create).
  await useWriteAheadLogOnSqlite(knex);
  const { url } = await startServer(knex);
  process.send({ type: 'access-bench-ready', url });
  process.on('disconnect', () => process.exit(0));
}

async function bench(label, knexConfig) {
  console.log(`\n--- ${label}`);
  const knex = createKnex(knexConfig);
  try {
    return { label, ...(await benchOn(knex, knexConfig)) };
  } finally {
    await knex.destroy();
  }
}

async function benchOn(knex, knexConfig) {
  let started = Date.now();
  await useWriteAheadLogOnSqlite(knex);
  await applyDatabaseMigrations(knex);
  const pending = await seed(knex);
  const [{ count }] = await knex('access_requests').count({ count: '*' });
  console.log(
    `seeded ${Number(count).toLocaleString(
      'en-US',
    )} requests (${pending.length.toLocaleString('en-US')} pending) in ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s`,
  );

  const { child, url } = await forkServer(knexConfig);
  try {
    // A sanity check of what is measured.
    const probe = await fetch(
      `${url}/api/data-products/access/requests?awaitingMyDecision=true`,
      { headers: { 'x-bench-user': ownerUser(0) } },
    );
    const body = await probe.json();
    if (probe.status !== 200 || body.items.length !== 20) {
      throw new Error(
        `Unexpected answer ${probe.status}: ${JSON.stringify(body).slice(
          0,
          300,
        )}`,
      );
    }
    console.log(
      `awaiting my decision, one owner team: ${body.totalCount} pending, page of ${body.items.length}`,
    );

    let team = 0;
    const read = await runAutocannon({
      url: `${url}/api/data-products/access/requests?awaitingMyDecision=true`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          setupRequest: req => ({
            ...req,
            headers: { ...req.headers, 'x-bench-user': ownerUser(team++) },
          }),
        },
      ],
    });
    const readOk = read.non2xx === 0 && read.errors === 0;
    console.log(
      `GET awaitingMyDecision: ${Math.round(
        read.requests.average,
      )} req/s, latency p50 ${read.latency.p50} ms, p99 ${
        read.latency.p99
      } ms, max ${read.latency.max} ms (${read.requests.total} requests, ${
        read.non2xx
      } non-2xx, ${read.errors} errors; target p99 < ${TARGET_P99_MS} ms: ${
        read.latency.p99 < TARGET_P99_MS && readOk ? 'met' : 'MISSED'
      })`,
    );

    const queue = pending.slice(0, Math.min(APPROVALS, pending.length));
    let next = 0;
    // autocannon's own clock ticks in whole seconds: time the first request
    // to the last response instead.
    started = Date.now();
    let lastResponse = started;
    const write = await runAutocannon({
      url,
      connections: CONNECTIONS,
      amount: queue.length,
      method: 'POST',
      requests: [
        {
          setupRequest: req => {
            const item = queue[next++ % queue.length];
            return {
              ...req,
              method: 'POST',
              path: `/api/data-products/access/requests/${item.id}/approve`,
              headers: {
                ...req.headers,
                'content-type': 'application/json',
                'x-bench-user': item.approver,
              },
              body: JSON.stringify({ note: 'bench' }),
            };
          },
          onResponse: () => {
            lastResponse = Date.now();
          },
        },
      ],
    });
    const seconds = (lastResponse - started) / 1000;
    const approvedOk = write['2xx'];
    const perSecond = approvedOk / seconds;
    const [{ approved }] = await knex('access_request_events')
      .where({ type: 'approved' })
      .count({ approved: '*' });
    console.log(
      `POST approve: ${approvedOk} approvals in ${seconds.toFixed(
        1,
      )} s = ${Math.round(perSecond)} approvals/s, latency p50 ${
        write.latency.p50
      } ms, p99 ${write.latency.p99} ms (${write.non2xx} non-2xx, ${
        write.errors
      } errors; ${approved} 'approved' events; target >= ${TARGET_APPROVALS_PER_S}/s: ${
        perSecond >= TARGET_APPROVALS_PER_S && write.non2xx === 0
          ? 'met'
          : 'MISSED'
      })`,
    );
    if (Number(approved) !== approvedOk) {
      throw new Error(
        `${approvedOk} approvals answered but ${approved} recorded`,
      );
    }
    return {
      p99: read.latency.p99,
      approvalsPerSecond: perSecond,
      ok: readOk && write.non2xx === 0 && write.errors === 0,
    };
  } finally {
    child.removeAllListeners('exit');
    child.kill();
  }
}

async function main() {
  console.log(
    `load average before: ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')} on ${
      os.cpus().length
    } CPUs (other work on the machine skews the figures)`,
  );
  console.log(
    `Meshport access-requests benchmark (node ${
      process.version
    }): ${REQUESTS.toLocaleString(
      'en-US',
    )} requests, autocannon ${CONNECTIONS} connections on loopback`,
  );
  const results = [];

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-access-bench-'));
  try {
    results.push(
      await bench('SQLite (better-sqlite3, file)', {
        client: 'better-sqlite3',
        connection: { filename: path.join(dir, 'data-products.sqlite') },
        useNullAsDefault: true,
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const connection = postgresConnection();
  if (connection) {
    const database = `meshport_access_bench_${process.pid}`;
    const admin = createKnex({ client: 'pg', connection });
    try {
      await admin.raw(`create database ${database}`);
      results.push(
        await bench('PostgreSQL 15', {
          client: 'pg',
          connection: withDatabase(connection, database),
          pool: { min: 0, max: 10 },
        }),
      );
    } finally {
      await admin.raw(`drop database if exists ${database}`).catch(() => {});
      await admin.destroy();
    }
  }

  console.log(
    `\nsummary (load average after: ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')})`,
  );
  for (const r of results) {
    console.log(
      `  ${r.label}: awaiting-my-decision p99 ${
        r.p99
      } ms (target < ${TARGET_P99_MS}), ${Math.round(
        r.approvalsPerSecond,
      )} approvals/s (target >= ${TARGET_APPROVALS_PER_S})`,
    );
  }
  if (results.some(r => !r.ok)) {
    process.exitCode = 1;
  }
}

if (require.main === module) {
  const serveConfig = argValue('--serve');
  (serveConfig ? serve(JSON.parse(serveConfig)) : main()).catch(error => {
    console.error(error);
    process.exitCode = 1;
  });
}

module.exports = { seed, startServer };
