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

  const half = Math.floor(DATASETS / 2);
  const queries = [
    // [term, check]
    [
      `col_${half}_key`,
      r =>
        r.results[0]?.document.title ===
        `${WORDS[half % WORDS.length]} ${half}`,
    ],
    ['customer_id', r => r.numberOfResults >= DATASETS],
    ['shipments', r => r.numberOfResults > 0],
    ['shipm', r => r.numberOfResults > 0],
    ['carrier_code', r => r.numberOfResults === 0],
    ['daily orders amounts', r => r.numberOfResults > 0],
  ];
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
      `${ok ? 'ok  ' : 'FAIL'} "${term}": ${
        result.numberOfResults
      } results, median old ${median(times.old).toFixed(
        0,
      )} ms -> new ${ms.toFixed(0)} ms, worst new ${Math.max(
        ...times.now,
      ).toFixed(0)} ms (target < ${TARGET_MS} ms)`,
    );
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
