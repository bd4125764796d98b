#!/usr/bin/env node
/*
 * Benchmark of search for data (Lunr, the embedded default's engine, with
 * this module's documents and query translator).
 *
 *   node plugins/search-backend-module-data-products/bench/search.bench.js [--datasets 10000] [--products 1000]
 *
 * Builds 1,000 products and 10,000 datasets of 12 columns each (every
 * dataset has its own column `col_<n>_key`), indexes them as the collator
 * does, then times queries as a person types them: a column name, a word in
 * titles, a prefix, an unknown column, and broad queries that match every
 * dataset. Target: under 300 ms for each (median of 7).
 *
 * Old beside new: the same documents are also indexed the way the module
 * did before (every word looked up in each of nine fields, no `keywords`
 * field), and each query runs on both, interleaved, so a loaded machine
 * slows both alike. Only the new engine's figures decide the exit code.
 *
 * Then PostgreSQL search (@backstage/plugin-search-backend-module-pg with this
 * module's column tokens and translator), on
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, else the private
 * cluster of scripts/postgres.sh (started if needed), in a database of its
 * own that is dropped afterwards; skipped with a message when neither works.
 * The same queries, the same target.
 */
/* eslint-disable no-console */
require('@backstage/cli/config/nodeTransform.cjs');

const { performance } = require('node:perf_hooks');
const { TestPipeline } = require('@backstage/plugin-search-backend-node');
const {
  buildTitleLookup,
  toSearchDocument,
  DATA_PRODUCTS_DOCUMENT_TYPE,
} = require('../src/documents.ts');
const { DataProductsLunrSearchEngine } = require('../src/queryTranslator.ts');
const { LunrSearchEngine } = require('@backstage/plugin-search-backend-node');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { knex: createKnex } = require('knex');
const { ConfigReader } = require('@backstage/config');
const {
  PgSearchEngine,
} = require('@backstage/plugin-search-backend-module-pg');
const { DataProductsPgSearchEngine } = require('../src/pgEngine.ts');

/** The module's engine before the `keywords` field: words looked up per field. */
class PerFieldEngine extends DataProductsLunrSearchEngine {
  getIndexer(type) {
    return LunrSearchEngine.prototype.getIndexer.call(this, type);
  }
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const PRODUCTS = arg('products', 1000);
const DATASETS = arg('datasets', 10000);
const TARGET_MS = 300;
const WORDS = [
  'orders',
  'customers',
  'shipments',
  'invoices',
  'campaigns',
  'leads',
  'payments',
  'returns',
];
const COLUMNS = [
  'id',
  'created_at',
  'updated_at',
  'amount',
  'currency',
  'status',
  'country',
  'email',
  'customer_id',
  'region',
  'channel',
];

const logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return logger;
  },
};

function entities() {
  const out = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-a', title: 'Team A' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: 'sales', title: 'Sales' },
    },
  ];
  for (let p = 0; p < PRODUCTS; p++) {
    out.push({
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'DataProduct',
      metadata: {
        name: `product-${p}`,
        title: `Product ${p} ${WORDS[p % WORDS.length]}`,
        description: `Everything about ${WORDS[p % WORDS.length]} of unit ${p}`,
      },
      spec: { owner: 'team-a', domain: 'sales' },
    });
  }
  for (let d = 0; d < DATASETS; d++) {
    const word = WORDS[d % WORDS.length];
    out.push({
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'Dataset',
      metadata: {
        name: `dataset-${d}`,
        title: `${word} ${d}`,
        description: `Daily ${word} with amounts and statuses`,
        tags: [word],
      },
      spec: {
        dataProduct: `product-${d % PRODUCTS}`,
        owner: 'team-a',
        access: d % 3 ? 'restricted' : 'unrestricted',
        schema: {
          columns: [
            ...COLUMNS.map(name => ({
              name,
              type: 'string',
              description: `The ${name.replace('_', ' ')}`,
              ...(name === 'email' ? { classification: 'pii' } : {}),
            })),
            {
              name: `col_${d}_key`,
              type: 'string',
              description: 'A key of its own',
            },
          ],
        },
      },
    });
  }
  return out;
}

function benchQueries() {
  const half = Math.floor(DATASETS / 2);
  const title = r => r.results[0]?.document.title;
  return [
    // [term, check]
    [
      `col_${half}_key`,
      r => title(r) === `${WORDS[half % WORDS.length]} ${half}`,
    ],
    ['customer_id', r => r.numberOfResults >= DATASETS || r.results.length > 0],
    ['shipments', r => r.results.length > 0],
    ['shipm', r => r.results.length > 0],
    ['carrier_code', r => r.results.length === 0],
    ['daily orders amounts', r => r.results.length > 0],
  ];
}

function postgresConnection() {
  const fromEnv =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (fromEnv) return fromEnv;
  const root = path.resolve(__dirname, '../../..');
  const started = spawnSync(
    'bash',
    [path.join(root, 'scripts/postgres.sh'), 'start'],
    {
      encoding: 'utf8',
    },
  );
  if (started.status !== 0) return undefined;
  return started.stdout.trim();
}

/** PostgreSQL search: index the documents, time the queries; true when one fails. */
async function benchPostgres(docs, queries) {
  const connection = postgresConnection();
  if (!connection) {
    console.log(
      '--- PostgreSQL: skipped (no PostgreSQL: scripts/postgres.sh start failed)',
    );
    return false;
  }
  const database = `meshport_search_bench_${process.pid}`;
  const admin = createKnex({ client: 'pg', connection });
  await admin.raw(`create database ${database}`);
  const url = new URL(connection);
  url.pathname = `/${database}`;
  const knex = createKnex({ client: 'pg', connection: url.toString() });
  let failed = false;
  try {
    const pg = await PgSearchEngine.fromConfig(new ConfigReader({}), {
      database: { getClient: async () => knex },
      logger,
    });
    const engine = new DataProductsPgSearchEngine(pg);
    let started = performance.now();
    const indexer = await engine.getIndexer(DATA_PRODUCTS_DOCUMENT_TYPE);
    const { error } = await TestPipeline.fromIndexer(indexer)
      .withDocuments(docs)
      .execute();
    if (error) throw error;
    await knex.raw('vacuum analyze documents');
    console.log(
      `PostgreSQL 15: indexed ${docs.length} documents in ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
    for (const [term, check] of queries) {
      const times = [];
      let result;
      for (let i = 0; i < 7; i++) {
        started = performance.now();
        result = await engine.query({ term });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const ok = check(result) && times[3] < TARGET_MS;
      failed ||= !ok;
      console.log(
        `${ok ? 'ok  ' : 'FAIL'} PostgreSQL "${term}": first "${
          result.results[0]?.document.title ?? '-'
        }", median ${times[3].toFixed(0)} ms, worst ${times[6].toFixed(
          0,
        )} ms (target < ${TARGET_MS} ms)`,
      );
    }
  } finally {
    await knex.destroy();
    await admin.raw(`drop database if exists ${database}`).catch(() => {});
    await admin.destroy();
  }
  return failed;
}

async function indexed(Engine, docs) {
  const engine = new Engine({ logger });
  const started = performance.now();
  const indexer = await engine.getIndexer(DATA_PRODUCTS_DOCUMENT_TYPE);
  const { error } = await TestPipeline.fromIndexer(indexer)
    .withDocuments(docs)
    .execute();
  if (error) throw error;
  return { engine, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const all = entities();
  const titles = buildTitleLookup(all);
  const docs = all
    .filter(e => e.kind === 'DataProduct' || e.kind === 'Dataset')
    .map(e => toSearchDocument(e, titles));
  const old = await indexed(PerFieldEngine, docs);
  const now = await indexed(DataProductsLunrSearchEngine, docs);
  console.log(
    `indexed ${PRODUCTS} products and ${DATASETS} datasets (${
      docs.length
    } documents): old ${old.seconds.toFixed(1)} s, new ${now.seconds.toFixed(
      1,
    )} s`,
  );

  const queries = benchQueries();
  const median = times => [...times].sort((a, b) => a - b)[3];
  let failed = false;
  for (const [term, check] of queries) {
    const times = { old: [], now: [] };
    let result;
    let oldResult;
    for (let i = 0; i < 7; i++) {
      let started = performance.now();
      oldResult = await old.engine.query({ term });
      times.old.push(performance.now() - started);
      started = performance.now();
      result = await now.engine.query({ term });
      times.now.push(performance.now() - started);
    }
    const ms = median(times.now);
    const ok =
      check(result) &&
      ms < TARGET_MS &&
      result.numberOfResults === oldResult.numberOfResults;
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} Lunr "${term}": ${
        result.numberOfResults
      } results, median old ${median(times.old).toFixed(
        0,
      )} ms -> new ${ms.toFixed(0)} ms, worst new ${Math.max(
        ...times.now,
      ).toFixed(0)} ms (target < ${TARGET_MS} ms)`,
    );
  }
  failed = (await benchPostgres(docs, queries)) || failed;
  process.exitCode = failed ? 1 : 0;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
