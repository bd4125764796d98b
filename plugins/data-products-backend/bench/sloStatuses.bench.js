#!/usr/bin/env node
/*
 * Benchmark of the Data home's SLO statuses (`GET /slo/statuses`) at 1,000
 * Datasets with SLOs, old read beside new, on SQLite and on PostgreSQL.
 *
 *   node plugins/data-products-backend/bench/sloStatuses.bench.js [--datasets 1000] [--days 33] [--runs 5]
 *
 * Plain Node: the TypeScript sources are loaded through the Backstage CLI's
 * node transform, no build needed.
 *
 * The mesh (src/slo/__testUtils__/sloMesh.ts, the one the comparison test
 * uses): `--datasets` datasets over a quarter as many products, varied SLOs
 * (windows of 1 to 30 days), `--days` of hourly checks with gaps and
 * failures, daily or hourly updates with misses and drops; a tenth went quiet
 * days ago and a tenth have no measurement. Loaded with plain inserts.
 *
 * Measured, `--runs` times each after one warm-up, median and best:
 * - old: the read before the bulk one, two store queries per dataset, four
 *   datasets at a time: a copy of `readSloStatuses` as it was at commit
 *   be92c10 (`git show be92c10:plugins/data-products-backend/src/slo/readStatuses.ts`),
 *   below, calling the per-dataset `loadSloMeasurements` that the SLO tab
 *   and the evaluation still use;
 * - new: `readSloStatuses` itself (three store queries in all: the updates,
 *   the updates before the windows, the checks counted per hour).
 * Both answers must be equal, or the benchmark fails.
 *
 * What is faked: the catalog (a list of entities); HTTP and authentication
 * are not measured (the route is thin).
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
const { knex: createKnex } = require('knex');
const { stringifyEntityRef } = require('@backstage/catalog-model');
const {
  getDatasetProductRef,
  isDatasetEntity,
} = require('@meshport/plugin-data-products-common');
const { applyDatabaseMigrations } = require('../src/database/migrations.ts');
const {
  useWriteAheadLogOnSqlite,
} = require('../src/access/DatabaseAccessRequestStore.ts');
const { DatabaseSloStore } = require('../src/slo/DatabaseSloStore.ts');
const { sloMesh } = require('../src/slo/__testUtils__/sloMesh.ts');
const { computeSlos, loadSloMeasurements } = require('../src/slo/compute.ts');
const { resolveSlos } = require('../src/slo/declarations.ts');
const { readSloStatuses } = require('../src/slo/readStatuses.ts');
const { worstStatus } = require('../src/slo/reports.ts');
const { sloStatusItems } = require('../src/slo/statuses.ts');
const { normalizeDatasetRef } = require('../src/slo/SloStore.ts');
const {
  argValue,
  withDatabase,
  postgresConnection,
} = require('./benchDatabases');

const DATASETS = Number(argValue('--datasets') ?? 1000);
const DAYS = Number(argValue('--days') ?? 33);
const RUNS = Number(argValue('--runs') ?? 5);
const INSERT_ROWS = 500;

/** The read before the bulk one (commit be92c10), for comparison only. */
async function readSloStatusesPerDataset({ store, catalog, now }) {
  const CONCURRENCY = 4;
  const { items } = await catalog.getEntities();
  const datasets = items
    .filter(isDatasetEntity)
    .map(entity => ({ entity, slos: resolveSlos(entity) }))
    .filter(d => d.slos.length > 0);
  const statuses = [];
  for (let i = 0; i < datasets.length; i += CONCURRENCY) {
    const batch = datasets.slice(i, i + CONCURRENCY);
    statuses.push(
      ...(await Promise.all(
        batch.map(async ({ entity, slos }) => {
          const dataset = normalizeDatasetRef(stringifyEntityRef(entity));
          const measurements = await loadSloMeasurements(
            store,
            dataset,
            slos,
            now,
          );
          const computed = computeSlos(slos, measurements, now, false);
          return {
            dataset,
            dataProduct: getDatasetProductRef(entity),
            status: worstStatus(computed.map(c => c.result.status)),
          };
        }),
      )),
    );
  }
  return sloStatusItems(statuses);
}

async function load(knex, measurements, now) {
  const receivedAt = new Date(now);
  for (let i = 0; i < measurements.length; i += INSERT_ROWS) {
    await knex('slo_measurements').insert(
      measurements.slice(i, i + INSERT_ROWS).map(m => ({
        dataset: normalizeDatasetRef(m.dataset),
        kind: m.kind,
        at: new Date(m.at),
        available: m.kind === 'availability' ? !!m.available : null,
        row_count: m.rowCount ?? null,
        environment: null,
        source: m.source,
        received_at: receivedAt,
      })),
    );
  }
}

async function time(fn) {
  await fn(); // warm-up
  const ms = [];
  let answer;
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    answer = await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], best: ms[0], answer };
}

async function bench(label, knexConfig) {
  console.log(`\n--- ${label}`);
  const knex = createKnex(knexConfig);
  try {
    await useWriteAheadLogOnSqlite(knex);
    await applyDatabaseMigrations(knex);
    const now = Date.now();
    const mesh = sloMesh({ datasets: DATASETS, now, historyDays: DAYS });
    const started = Date.now();
    await load(knex, mesh.measurements, now);
    console.log(
      `loaded ${mesh.measurements.length.toLocaleString(
        'en-US',
      )} measurements of ${DATASETS} datasets in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
    const store = new DatabaseSloStore(knex);
    const catalog = { getEntities: async () => ({ items: mesh.entities }) };
    let queries = 0;
    knex.on('query', () => {
      queries++;
    });
    const count = async fn => {
      queries = 0;
      await fn();
      return queries;
    };
    const readOld = () => readSloStatusesPerDataset({ store, catalog, now });
    const readNew = () =>
      readSloStatuses({ store, catalog, credentials: undefined, now });
    const oldQueries = await count(readOld);
    const newQueries = await count(readNew);
    const old = await time(readOld);
    const bulk = await time(readNew);
    if (JSON.stringify(old.answer) !== JSON.stringify(bulk.answer)) {
      throw new Error('the bulk read and the per-dataset read disagree');
    }
    const statuses = {};
    for (const item of bulk.answer) {
      statuses[item.status] = (statuses[item.status] ?? 0) + 1;
    }
    console.log(
      `statuses (datasets and products): ${JSON.stringify(statuses)}`,
    );
    for (const [name, r, q] of [
      ['old (per dataset)', old, oldQueries],
      ['new (bulk)', bulk, newQueries],
    ]) {
      console.log(
        `${name}: median ${r.median.toFixed(0)} ms, best ${r.best.toFixed(
          0,
        )} ms over ${RUNS} runs, ${q} store queries`,
      );
    }
    return { label, old, bulk, oldQueries, newQueries };
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
    `Meshport SLO statuses benchmark (node ${process.version}): ${DATASETS} datasets with SLOs, ${DAYS} days of history`,
  );
  const results = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-slo-bench-'));
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
    const database = `meshport_slo_bench_${process.pid}`;
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
      `  ${r.label}: old ${r.old.median.toFixed(0)} ms (${
        r.oldQueries
      } queries), new ${r.bulk.median.toFixed(0)} ms (${
        r.newQueries
      } queries), ${(r.old.median / r.bulk.median).toFixed(1)}x`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
