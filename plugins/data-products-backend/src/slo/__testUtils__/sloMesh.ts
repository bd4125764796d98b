/*
 * A generated mesh of Datasets with SLOs and measurement histories, for the
 * statuses comparison test and the statuses benchmark: varied SLOs (kinds,
 * targets, windows from 1 to 30 days, drop limits, maximum ages), hourly
 * checks with gaps and failures, daily or hourly updates with missed days
 * and row-count drops, datasets that went quiet before their window, and
 * datasets without any measurement. Deterministic for a seed.
 */
import type { Entity } from '@backstage/catalog-model';
import type { DatasetEntity } from '@meshport/plugin-data-products-common';
import { dataProduct, sloDataset } from '../testing';
import type { NewMeasurement } from '../SloStore';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WINDOWS = ['1d', '7d', '20d', '30d'];
const TARGETS = [90, 95, 99, 99.5, 100];
const MAX_AGES = ['2h', '24h', '36h', '72h'];

function pick<T>(next: () => number, items: T[]): T {
  return items[Math.floor(next() * items.length)];
}

function slosOf(i: number, next: () => number): DatasetEntity['spec']['slos'] {
  // Every non-empty combination of the three kinds, in turn.
  const kinds = (i % 7) + 1;
  return {
    ...(kinds & 1
      ? {
          availability: {
            target: pick(next, TARGETS),
            window: pick(next, WINDOWS),
          },
        }
      : {}),
    ...(kinds & 2
      ? {
          completeness: {
            target: pick(next, TARGETS),
            window: pick(next, WINDOWS),
            maxDropPercent: pick(next, [5, 20]),
          },
        }
      : {}),
    ...(kinds & 4
      ? {
          freshness: {
            target: pick(next, TARGETS),
            window: pick(next, WINDOWS),
            maxAge: pick(next, MAX_AGES),
          },
        }
      : {}),
  };
}

export interface SloMesh {
  entities: Entity[];
  /** Full refs of the datasets with SLOs. */
  datasets: string[];
  measurements: NewMeasurement[];
}

/**
 * `datasets` Datasets (with SLOs) over `datasets / 4` products, each with
 * `historyDays` of measurements up to `now` (a few past it, as clocks skew).
 */
export function sloMesh(options: {
  datasets: number;
  now: number;
  historyDays: number;
  seed?: number;
}): SloMesh {
  const next = random(options.seed ?? 42);
  const { now } = options;
  const products = Math.max(1, Math.ceil(options.datasets / 4));
  const entities: Entity[] = [];
  for (let p = 0; p < products; p++) {
    entities.push(dataProduct(`product-${p}`));
  }
  const datasets: string[] = [];
  const measurements: NewMeasurement[] = [];
  for (let i = 0; i < options.datasets; i++) {
    const name = `dataset-${i}`;
    const dataset = `dataset:default/${name}`;
    const slos = slosOf(i, next);
    entities.push(sloDataset(name, `product-${i % products}`, { slos }));
    datasets.push(dataset);
    const profile = i % 10;
    if (profile === 9) {
      continue; // declared SLOs, nothing measured yet
    }
    // Quiet datasets stopped reporting some days ago.
    const end = profile === 8 ? now - Math.floor(2 + next() * 10) * DAY : now;
    const start = now - options.historyDays * DAY;
    const failRate = pick(next, [0, 0, 0, 0.001, 0.005, 0.02, 0.1]);
    const gapRate = pick(next, [0, 0, 0.01, 0.05, 0.3]);
    const minute = Math.floor(next() * 60) * 60_000;
    for (let at = start + minute; at <= end + HOUR; at += HOUR) {
      if (next() >= gapRate) {
        const available = next() >= failRate;
        measurements.push({
          dataset,
          kind: 'availability',
          at,
          available,
          source: 'api',
        });
      }
    }
    // Pipelines that promise data at most two hours old update hourly.
    const every = slos?.freshness?.maxAge === '2h' ? HOUR : DAY;
    const missRate = pick(next, [0, 0, 0.02, 0.1]);
    const dropRate = pick(next, [0, 0, 0.01, 0.05]);
    const base = 10_000 + Math.floor(next() * 1_000_000);
    const offset = Math.floor(next() * every);
    for (let at = start + offset; at <= end; at += every) {
      if (next() < missRate) {
        continue;
      }
      const dropped = next() < dropRate ? 0.6 : 1;
      const rowCount = Math.round(base * dropped * (1 + (next() - 0.5) * 0.02));
      measurements.push({
        dataset,
        kind: 'update',
        at,
        // Some pipelines report updates without a row count.
        ...(profile === 7 && next() < 0.5 ? {} : { rowCount }),
        source: 'api',
      });
    }
  }
  return { entities, datasets, measurements };
}
