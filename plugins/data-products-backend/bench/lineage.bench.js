#!/usr/bin/env node
/*
 * Benchmark of lineage: ingest 100,000 OpenLineage events (10 per run) and
 * answer 3-hop lineage queries, on SQLite and on PostgreSQL.
 *
 *   node plugins/data-products-backend/bench/lineage.bench.js [--events 100000] [--batch 100] [--queries 300]
 *
 * Plain Node: the TypeScript sources are loaded through the Backstage CLI's
 * node transform, no build needed.
 *
 * The mesh: 200 products in a chain, each with 2 Glue datasets; product k's
 * job reads a dataset of product k-1 (a declared input port) and one of k-2
 * (undeclared: flagged), and writes its own two. Each run sends START, 8
 * RUNNING and COMPLETE events (inputs, outputs; COMPLETE carries the schema
 * and column lineage facets), posted in batches of `--batch` events as JSON
 * text, parsed and validated by the route's parser and ingested by the real
 * service and store (mapping, idempotency check, graph upserts, undeclared
 * reads) in one transaction per batch. Targets: ingest >= 1,000 events/s.
 *
 * Then `--queries` 3-hop lineage graphs of random datasets (upstream and
 * downstream, column lineage, undeclared reads): p50/p99 latency (target:
 * p99 < 100 ms).
 *
 * What is not measured: HTTP and authentication (the route is thin), and the
 * catalog (the index is built once, as the service's cache holds it).
 *
 * PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING if set,
 * else the private cluster of scripts/postgres.sh (started if needed); when
 * neither works, the PostgreSQL part is skipped with a message.
 */
/* eslint-disable no-console */
require('@backstage/cli/config/nodeTransform.cjs');

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { knex: createKnex } = require('knex');
const { applyDatabaseMigrations } = require('../src/database/migrations.ts');
const {
  useWriteAheadLogOnSqlite,
} = require('../src/access/DatabaseAccessRequestStore.ts');
const {
  DatabaseLineageStore,
} = require('../src/lineage/DatabaseLineageStore.ts');
const { LineageService } = require('../src/lineage/LineageService.ts');
const { buildCatalogIndex } = require('../src/lineage/naming.ts');
const { parseRunEvents } = require('../src/lineage/openlineage.ts');
const {
  argValue,
  withDatabase,
  postgresConnection,
} = require('./benchDatabases');

const EVENTS = Number(argValue('--events') ?? 100_000);
const BATCH = Number(argValue('--batch') ?? 100);
const QUERIES = Number(argValue('--queries') ?? 300);
const EVENTS_PER_RUN = 10;
const PRODUCTS = 200;
const TARGET_EVENTS_PER_S = 1000;
const TARGET_P99_MS = 100;
const GLUE = 'arn:aws:glue:eu-west-1:111111111111';

const environments = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-dev-datalake' } },
    readsFrom: [],
  },
];

function catalogIndex() {
  const products = [];
  const datasets = [];
  for (let k = 0; k < PRODUCTS; k++) {
    products.push({
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'DataProduct',
      metadata: { name: `product-${k}`, namespace: 'default' },
      spec: {
        owner: `team-${k % 20}`,
        domain: 'bench',
        inputPorts:
          k > 0 ? [{ dataset: `product-${k - 1}-a`, purpose: 'bench' }] : [],
      },
    });
    for (const suffix of ['a', 'b']) {
      datasets.push({
        apiVersion: 'meshport.io/v1alpha1',
        kind: 'Dataset',
        metadata: { name: `product-${k}-${suffix}`, namespace: 'default' },
        spec: {
          dataProduct: `product-${k}`,
          owner: `team-${k % 20}`,
          access: 'restricted',
          outputs: [
            { type: 'glue', database: `product_${k}`, table: `t_${suffix}` },
          ],
        },
      });
    }
  }
  return buildCatalogIndex({ products, datasets, environments });
}

const table = (k, suffix) => ({
  namespace: GLUE,
  name: `table/product_${k}/t_${suffix}`,
});

/** The 10 events of one run of product k's job. */
function runEvents(k, runStart) {
  const runId = randomUUID();
  const inputs = [table((k + PRODUCTS - 1) % PRODUCTS, 'a')];
  if (k >= 2) inputs.push(table(k - 2, 'b'));
  const outputs = ['a', 'b'].map(suffix => table(k, suffix));
  const base = {
    producer: 'https://github.com/meshport/bench',
    schemaURL:
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId },
    job: { namespace: `product-${k}`, name: 'transform' },
    inputs,
  };
  const events = [];
  for (let i = 0; i < EVENTS_PER_RUN; i++) {
    let type = 'RUNNING';
    if (i === 0) type = 'START';
    if (i === EVENTS_PER_RUN - 1) type = 'COMPLETE';
    const last = type === 'COMPLETE';
    events.push({
      ...base,
      eventType: type,
      eventTime: new Date(runStart + i * 1000).toISOString(),
      outputs: last
        ? outputs.map(o => ({
            ...o,
            facets: {
              schema: {
                fields: [
                  { name: 'id', type: 'string' },
                  { name: 'value', type: 'double' },
                ],
              },
              columnLineage: {
                fields: {
                  id: {
                    inputFields: [{ ...inputs[0], field: 'id' }],
                  },
                  value: {
                    inputFields: inputs.map(input => ({
                      ...input,
                      field: 'value',
                      transformations: [
                        { type: 'DIRECT', subtype: 'AGGREGATION' },
                      ],
                    })),
                  },
                },
              },
            },
          }))
        : outputs,
    });
  }
  return events;
}

function percentile(sorted, p) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function bench(label, knexConfig) {
  console.log(`\n--- ${label}`);
  const knex = createKnex(knexConfig);
  try {
    await useWriteAheadLogOnSqlite(knex);
    await applyDatabaseMigrations(knex);
    const index = catalogIndex();
    const store = new DatabaseLineageStore(knex);
    const logger = {
      warn() {},
      info() {},
      debug() {},
      error() {},
      child() {
        return logger;
      },
    };
    const service = new LineageService({
      store,
      logger,
      catalog: { get: async () => index },
    });

    // Prepare the request bodies first: the clock measures ingest only.
    const runs = EVENTS / EVENTS_PER_RUN;
    const now = Date.now();
    const bodies = [];
    let batch = [];
    for (let r = 0; r < runs; r++) {
      batch.push(
        ...runEvents(r % PRODUCTS, now - 30 * 86_400_000 + r * 60_000),
      );
      if (batch.length >= BATCH) {
        bodies.push(JSON.stringify(batch));
        batch = [];
      }
    }
    if (batch.length) bodies.push(JSON.stringify(batch));

    let stored = 0;
    const started = process.hrtime.bigint();
    for (const body of bodies) {
      const result = await service.ingest(parseRunEvents(JSON.parse(body)));
      stored += result.stored;
    }
    const ingestS = Number(process.hrtime.bigint() - started) / 1e9;
    const eventsPerS = stored / ingestS;
    console.log(
      `ingest: ${stored.toLocaleString('en-US')} events in ${ingestS.toFixed(
        1,
      )} s = ${Math.round(eventsPerS).toLocaleString(
        'en-US',
      )} events/s (batches of ${BATCH})`,
    );
    // Idempotency: the last batch again stores nothing.
    const again = await service.ingest(
      parseRunEvents(JSON.parse(bodies[bodies.length - 1])),
    );
    if (again.stored !== 0)
      throw new Error('a repeated batch was stored again');

    const latencies = [];
    let nodes = 0;
    for (let q = 0; q < QUERIES; q++) {
      const k = 3 + Math.floor(Math.random() * (PRODUCTS - 6));
      const ref = `dataset:default/product-${k}-${q % 2 ? 'a' : 'b'}`;
      const t0 = process.hrtime.bigint();
      const graph = await service.graph(ref, 3);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      nodes += graph.datasets.length + graph.jobs.length;
      if (graph.jobs.length === 0) throw new Error(`no lineage for ${ref}`);
    }
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `3-hop query: ${QUERIES} queries, p50 ${p50.toFixed(
        1,
      )} ms, p99 ${p99.toFixed(1)} ms (${Math.round(
        nodes / QUERIES,
      )} nodes per answer on average)`,
    );
    return {
      label,
      eventsPerS,
      p50,
      p99,
      ok: eventsPerS >= TARGET_EVENTS_PER_S && p99 < TARGET_P99_MS,
    };
  } finally {
    await knex.destroy();
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
    `Meshport lineage benchmark (node ${
      process.version
    }): ${EVENTS.toLocaleString(
      'en-US',
    )} events, ${EVENTS_PER_RUN} per run, ${PRODUCTS} products`,
  );
  const results = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-lineage-bench-'));
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
    const database = `meshport_lineage_bench_${process.pid}`;
    const admin = createKnex({ client: 'pg', connection });
    try {
      await admin.raw('create database ??', [database]);
      results.push(
        await bench('PostgreSQL 15', {
          client: 'pg',
          connection: withDatabase(connection, database),
          pool: { min: 0, max: 10 },
        }),
      );
    } finally {
      await admin.raw('drop database if exists ??', [database]).catch(() => {});
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
      `  ${r.label}: ingest ${Math.round(
        r.eventsPerS,
      )} events/s (target >= ${TARGET_EVENTS_PER_S}), 3-hop query p50 ${r.p50.toFixed(
        1,
      )} ms, p99 ${r.p99.toFixed(1)} ms (target < ${TARGET_P99_MS})`,
    );
  }
  if (results.some(r => !r.ok)) {
    process.exitCode = 1;
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
