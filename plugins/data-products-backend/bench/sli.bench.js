#!/usr/bin/env node
/*
 * Benchmark of the SLO feature.
 *
 *   node plugins/data-products-backend/bench/sli.bench.js [--datasets 1000] [--year]
 *
 * Plain Node: the TypeScript sources are loaded through the Backstage CLI's
 * node transform, no build needed.
 *
 * 1. SLI maths: the three SLIs (availability, completeness, freshness) of
 *    1,000 datasets over a 20-day window of 480 hourly checks and 20 daily
 *    updates each, as the evaluation task computes them (no chart series),
 *    and again with the series (the SLOs tab). Target: under 1 s.
 * 2. Storage (SQLite in memory, the embedded default's engine): the raw
 *    window of every dataset (500,000 rows), then the SLOs tab's read (two
 *    indexed range queries) plus the maths for 200 random datasets; with
 *    `--year`, first a year of hourly aggregates for every dataset
 *    (8.76 million rows) to show the range queries do not slow down with
 *    history.
 */
/* eslint-disable no-console */
require('@backstage/cli/config/nodeTransform.cjs');

const { performance } = require('node:perf_hooks');
const { resolveSlos } = require('../src/slo/declarations.ts');
const { computeSlos } = require('../src/slo/SloService.ts');
const { DatabaseSloStore } = require('../src/slo/DatabaseSloStore.ts');
const { applyDatabaseMigrations } = require('../src/database/migrations.ts');
const { argValue } = require('./benchDatabases');

const DATASETS = Number(argValue('--datasets') ?? 1000);
const WITH_YEAR = process.argv.includes('--year');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 23, 12, 30);
const TARGET_MS = 1000;

/** mulberry32: every run measures the same data. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slos = resolveSlos({
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'x' },
  spec: {
    dataProduct: 'p',
    owner: 'o',
    access: 'restricted',
    slos: {
      availability: { target: 99.5, window: '20d' },
      completeness: { target: 95, maxDropPercent: 5 },
      freshness: { target: 95, maxAge: '24h' },
    },
  },
});

/** 480 hourly checks (a few failures, a few gaps) and 27 daily updates. */
function measurementsOf(index) {
  const next = random(index + 1);
  const out = [];
  const lastHour = Math.floor(NOW / HOUR) * HOUR;
  for (let h = 479; h >= 0; h--) {
    if (next() < 0.01) continue; // a gap
    out.push({
      kind: 'availability',
      at: lastHour - h * HOUR + 7 * 60_000,
      available: next() > 0.001,
      source: 'api',
    });
  }
  const today = Math.floor(NOW / DAY) * DAY;
  for (let d = 26; d >= 0; d--) {
    if (next() < 0.02) continue; // a missed update
    out.push({
      kind: 'update',
      at: today - d * DAY + 2 * HOUR,
      rowCount: Math.round(100_000 * (1 + (next() - 0.5) * 0.08)),
      source: 'api',
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

function timeIt(fn) {
  const started = performance.now();
  const result = fn();
  return { ms: performance.now() - started, result };
}

function formatMs(ms) {
  return `${ms.toFixed(0)} ms`;
}

async function benchMaths() {
  const data = Array.from({ length: DATASETS }, (_, i) => measurementsOf(i));
  const points = data.reduce((n, d) => n + d.length, 0);
  // Warm up the JIT as a long-running backend would be.
  for (let i = 0; i < Math.min(100, DATASETS); i++) {
    computeSlos(slos, data[i], NOW, true);
    computeSlos(slos, data[i], NOW, false);
  }
  const evaluation = timeIt(() => {
    let breached = 0;
    for (const measurements of data) {
      for (const { result } of computeSlos(slos, measurements, NOW, false)) {
        if (result.status === 'breached') breached++;
      }
    }
    return breached;
  });
  const withSeries = timeIt(() => {
    let buckets = 0;
    for (const measurements of data) {
      for (const { result } of computeSlos(slos, measurements, NOW, true)) {
        buckets += result.series.length;
      }
    }
    return buckets;
  });
  console.log(
    `SLI maths: ${DATASETS} datasets x 3 SLOs over ${points} measurements (480 hourly checks + daily updates each)`,
  );
  console.log(
    `  evaluation (no series):  ${formatMs(evaluation.ms)}  (${
      evaluation.result
    } breached SLOs)  target < ${TARGET_MS} ms: ${
      evaluation.ms < TARGET_MS ? 'met' : 'MISSED'
    }`,
  );
  console.log(
    `  with the chart series:   ${formatMs(withSeries.ms)}  (${
      withSeries.result
    } buckets)  target < ${TARGET_MS} ms: ${
      withSeries.ms < TARGET_MS ? 'met' : 'MISSED'
    }`,
  );
  return evaluation.ms < TARGET_MS && withSeries.ms < TARGET_MS;
}

async function benchStorage() {
  const knex = require('knex')({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  await applyDatabaseMigrations(knex);
  const store = new DatabaseSloStore(knex);
  const ref = i => `dataset:default/bench-${i}`;

  if (WITH_YEAR) {
    const started = performance.now();
    const yearStart = Math.floor((NOW - 35 * DAY) / DAY) * DAY - 365 * DAY;
    for (let i = 0; i < DATASETS; i++) {
      await knex.transaction(async tx => {
        const rows = [];
        for (let h = 0; h < 365 * 24; h++) {
          const at = new Date(yearStart + h * HOUR);
          rows.push({
            dataset: ref(i),
            kind: 'availability',
            granularity: 'hour',
            bucket_start: at,
            measurements: 1,
            unavailable: 0,
            first_at: at,
            last_at: at,
            sample: false,
          });
        }
        await tx.batchInsert('slo_aggregates', rows, 500);
      });
    }
    console.log(
      `Storage: a year of hourly aggregates for ${DATASETS} datasets (${
        DATASETS * 365 * 24
      } rows) loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  const loadStarted = performance.now();
  let rows = 0;
  for (let i = 0; i < DATASETS; i++) {
    const measurements = measurementsOf(i).map(m => ({
      ...m,
      dataset: ref(i),
    }));
    rows += (await store.insertMeasurements(measurements, new Date(NOW)))
      .accepted;
  }
  console.log(
    `Storage: raw windows of ${DATASETS} datasets (${rows} rows) stored in ${(
      (performance.now() - loadStarted) /
      1000
    ).toFixed(1)} s`,
  );

  const next = random(42);
  const sample = Array.from({ length: 200 }, () =>
    Math.floor(next() * DATASETS),
  );
  const windowStart = Math.floor(NOW / HOUR) * HOUR - 479 * HOUR;
  const timings = [];
  for (const i of sample) {
    const started = performance.now();
    const [inWindow, before] = await Promise.all([
      store.listMeasurements(ref(i), { from: windowStart, to: NOW }),
      store.listUpdatesBefore(ref(i), windowStart, 7),
    ]);
    computeSlos(slos, [...before, ...inWindow], NOW, true);
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const p = q =>
    timings[Math.min(timings.length - 1, Math.floor(q * timings.length))];
  console.log(
    `  SLOs tab (read window + compute 3 SLIs with series), 200 random datasets: median ${p(
      0.5,
    ).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, max ${p(1).toFixed(1)} ms`,
  );
  if (WITH_YEAR) {
    const ranges = [
      ['the last 30 days', 30 * DAY],
      ['the whole year', 365 * DAY],
    ];
    for (const [label, span] of ranges) {
      const times = [];
      let rowsRead = 0;
      for (const i of sample.slice(0, 50)) {
        const started = performance.now();
        const aggregates = await store.listAggregates(ref(i), {
          kind: 'availability',
          from: NOW - 35 * DAY - span,
          to: NOW,
        });
        rowsRead += aggregates.length;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `  hourly aggregates of one dataset over ${label}, 50 random datasets: median ${times[
          times.length >> 1
        ].toFixed(1)} ms, max ${times[times.length - 1].toFixed(
          1,
        )} ms (${Math.round(rowsRead / times.length)} rows each)`,
      );
    }
  }
  const plan = await knex.raw(
    "EXPLAIN QUERY PLAN select kind, at from slo_measurements where dataset = ? and kind in ('availability', 'update') and at between ? and ? order by at",
    [ref(0), windowStart, NOW],
  );
  console.log(`  query plan: ${plan.map(r => r.detail).join('; ')}`);
  await knex.destroy();
}

(async () => {
  const ok = await benchMaths();
  await benchStorage();
  if (!ok) {
    process.exitCode = 1;
  }
})().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
