/*
 * The generated mesh of the benchmarks: products `<domain>-<subject>-<nn>`,
 * each with one Glue database and ten datasets, 30 grants per product, and
 * two environments (dev reads from prd).
 */
const DATASETS_PER_PRODUCT = 10;
const GRANTS_PER_PRODUCT = 30;

/** Small deterministic PRNG (mulberry32) so every run plans the same mesh. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAINS = [
  'sales',
  'marketing',
  'finance',
  'logistics',
  'customer',
  'supply-chain',
  'risk',
  'operations',
  'hr',
  'pricing',
];
const SUBJECTS = [
  'customer',
  'order',
  'invoice',
  'shipment',
  'campaign',
  'product',
  'payment',
  'inventory',
  'subscription',
  'supplier',
];
const SHAPES = [
  'orders_enriched',
  'daily_aggregates',
  'events_cleaned',
  'snapshot_history',
  'lifetime_value',
  'scores_latest',
  'line_items',
  'status_changes',
  'monthly_summary',
  'attributes_current',
];

const ENVIRONMENTS = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: {
      datalake: { name: 'meshport-dev-datalake' },
      archive: { name: 'meshport-dev-archive' },
    },
    readsFrom: ['prd'],
  },
  {
    name: 'prd',
    accountId: '222222222222',
    region: 'eu-west-1',
    buckets: {
      datalake: { name: 'meshport-prd-datalake' },
      archive: { name: 'meshport-prd-archive' },
    },
    readsFrom: [],
  },
];

/**
 * Names follow the project's examples (`sales/orders/` in bucket `datalake`,
 * tables like `sales_customer_orders_enriched`): product
 * `<domain>-<subject>-<nn>` with one Glue database of the same name, each
 * dataset a table `<subject>_<shape>_<nn>` under `<domain>/<table>/`.
 */
function generateMesh(productCount) {
  const rand = random(42);
  const products = [];
  const datasets = [];
  for (let p = 0; p < productCount; p++) {
    const domain = DOMAINS[p % DOMAINS.length];
    const subject = SUBJECTS[Math.floor(p / DOMAINS.length) % SUBJECTS.length];
    const nn = String(
      Math.floor(p / (DOMAINS.length * SUBJECTS.length)),
    ).padStart(2, '0');
    const name = `${domain}-${subject}-${nn}`;
    products.push({
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'DataProduct',
      metadata: { name },
      spec: { owner: `team-${domain}`, domain },
    });
    const database = name.replace(/-/g, '_');
    for (let d = 0; d < DATASETS_PER_PRODUCT; d++) {
      const table = `${subject}_${SHAPES[d]}_${nn}`;
      datasets.push({
        apiVersion: 'meshport.io/v1alpha1',
        kind: 'Dataset',
        metadata: { name: `${domain}-${table.replace(/_/g, '-')}` },
        spec: {
          dataProduct: name,
          owner: `team-${domain}`,
          access: 'restricted',
          outputs: [
            { type: 's3', bucket: 'datalake', path: `${domain}/${table}/` },
            { type: 'glue', database, table },
          ],
        },
      });
    }
  }
  const grants = [];
  for (let p = 0; p < productCount; p++) {
    const chosen = new Set();
    while (
      chosen.size <
      Math.min(GRANTS_PER_PRODUCT, (productCount - 1) * DATASETS_PER_PRODUCT)
    ) {
      const d = Math.floor(rand() * datasets.length);
      if (Math.floor(d / DATASETS_PER_PRODUCT) !== p) chosen.add(d);
    }
    for (const d of chosen) {
      grants.push({
        id: `g-${p}-${d}`,
        consumer: `dataproduct:default/${products[p].metadata.name}`,
        dataset: `dataset:default/${datasets[d].metadata.name}`,
        environments: rand() < 0.5 ? ['dev', 'prd'] : ['prd'],
      });
    }
  }
  return { products, datasets, grants, environments: ENVIRONMENTS };
}

/**
 * Runs `fn`, returning its value, wall-clock and CPU milliseconds. On a
 * shared machine the wall clock follows the load; CPU time much less so.
 */
function timed(fn) {
  const { performance } = require('node:perf_hooks');
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return {
    value,
    ms: performance.now() - wall,
    cpuMs: (used.user + used.system) / 1000,
  };
}

/**
 * The full plan (1,000 products, 10,000 datasets, 30,000 grants) before the
 * planner's hot spots were fixed (commit ddf3975): wall clock as last
 * measured on the shared 2-core machine, CPU seconds measured there beside
 * the fixed planner, one after the other, on Node 24.
 */
const BEFORE_FULL_PLAN = {
  iam: { wallS: 11.0, cpuS: 4.5 },
  'lake-formation': { wallS: 15.3, cpuS: 5.7 },
};

module.exports = {
  timed,
  BEFORE_FULL_PLAN,
  generateMesh,
  random,
  ENVIRONMENTS,
  DATASETS_PER_PRODUCT,
  GRANTS_PER_PRODUCT,
};
