#!/usr/bin/env node
/*
 * Benchmark of Lake Formation mode beside IAM mode.
 *
 *   node plugins/data-products-backend-module-aws/bench/lakeFormation.bench.js [--products 1000]
 *
 * 1. Full plan time of the generated mesh (1,000 products x 10 datasets,
 *    30,000 grants, dev in account 111111111111 reads prd in 222222222222)
 *    in IAM mode and in Lake Formation mode, with what each plans.
 * 2. Granted datasets per consumer role: one consumer granted 1 ... 10,000
 *    datasets of other products in prd; in Lake Formation mode its IAM
 *    policy size (constant) and whether any quota problem appears, in IAM
 *    mode the status of the same role (quota-exceeded beyond a few hundred).
 * 3. A grants file of 5,000 grants to one consumer (written to a temporary
 *    file and read back through the grants file parser) planned in Lake
 *    Formation mode: errors must be none.
 */
/* eslint-disable no-console */
require('@backstage/cli/config/nodeTransform.cjs');

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { planAwsDesiredState } = require('../src/plan/planner.ts');
const { resolveAwsProvisionerConfig } = require('../src/config.ts');
const { parseGrantsFile } = require('../src/plan/grantsFile.ts');
const { policyJson } = require('../src/apply/policyDocuments.ts');
const {
  generateMesh,
  ENVIRONMENTS,
  timed: time,
  BEFORE_FULL_PLAN,
} = require('./mesh');

const NOW = new Date('2025-06-01T00:00:00Z');
const PRODUCTS = Number(argValue('--products') ?? 1000);

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const pad = (value, width) => String(value).padStart(width);
const fmt = n => n.toLocaleString('en-US');
const lf = { accessControl: 'lake-formation' };
const configs = {
  iam: resolveAwsProvisionerConfig({ maxManagedPoliciesPerRole: 10 }),
  'lake-formation': resolveAwsProvisionerConfig({
    maxManagedPoliciesPerRole: 10,
    environments: { dev: lf, prd: lf },
  }),
};


console.log(`Meshport Lake Formation benchmark (node ${process.version})`);

// --- 1. full plan in both modes --------------------------------------------------
const mesh = generateMesh(PRODUCTS);
console.log(
  `mesh: ${fmt(mesh.products.length)} products, ${fmt(
    mesh.datasets.length,
  )} datasets, ${fmt(
    mesh.grants.length,
  )} grants (dev reads prd, another account)\n`,
);
planAwsDesiredState(
  { ...mesh, products: mesh.products.slice(0, 20) },
  configs.iam,
  { now: NOW },
); // warm-up
console.log(
  'mode           |  plan time |   CPU time | before: time, CPU | roles | managed policies | quota errors | LF permissions | cross-account policies',
);
console.log(
  '---------------|------------|------------|-------------------|-------|------------------|--------------|----------------|-----------------------',
);
for (const mode of Object.keys(configs)) {
  const { value: state, ms, cpuMs } = time(() =>
    planAwsDesiredState(mesh, configs[mode], { now: NOW }),
  );
  const before = BEFORE_FULL_PLAN[mode];
  const managed = state.roles.reduce((n, r) => n + r.managedPolicies.length, 0);
  const failed = state.roles.filter(r => r.policyStatus !== 'planned').length;
  const permissions = (state.lakeFormation ?? []).reduce(
    (n, e) => n + e.permissions.length,
    0,
  );
  console.log(
    `${mode.padEnd(14)} | ${pad(`${(ms / 1000).toFixed(2)} s`, 10)} | ${pad(
      `${(cpuMs / 1000).toFixed(2)} s`,
      10,
    )} | ${pad(`${before.wallS} s, ${before.cpuS} s`, 17)} | ${pad(
      fmt(state.roles.length),
      5,
    )} | ${pad(fmt(managed), 16)} | ${pad(failed, 12)} | ${pad(
      fmt(permissions),
      14,
    )} | ${pad((state.resourcePolicies ?? []).length, 22)}`,
  );
}
console.log(
  `(target: each full plan < 5 s; before: the planner of commit ddf3975${
    PRODUCTS === 1000 ? '' : ', at 1,000 products'
  })\n`,
);

// --- 2. granted datasets per consumer role -----------------------------------------
// 1,001 producers of 10 datasets each: more than 10,000 datasets to grant.
const pool = generateMesh(Math.max(1001, PRODUCTS + 1));
const consumer = pool.products[0];
const consumerRef = `dataproduct:default/${consumer.metadata.name}`;
const others = pool.datasets.filter(
  d => d.spec.dataProduct !== consumer.metadata.name,
);

function capacityInput(n) {
  const datasets = others.slice(0, n);
  const producers = new Set(datasets.map(d => d.spec.dataProduct));
  return {
    products: [
      consumer,
      ...pool.products.filter(p => producers.has(p.metadata.name)),
    ],
    datasets,
    grants: datasets.map((d, i) => ({
      id: `c-${i}`,
      consumer: consumerRef,
      dataset: `dataset:default/${d.metadata.name}`,
      environments: ['prd'],
    })),
    environments: [ENVIRONMENTS[1]],
  };
}

const policySize = role =>
  [...role.managedPolicies, ...role.inlinePolicies]
    .map(p => policyJson(p.document).replace(/\s+/g, '').length)
    .reduce((a, b) => a + b, 0);

function consumerOf(state) {
  return state.roles.find(
    r => r.kind === 'consumer' && r.dataProduct === consumerRef,
  );
}

console.log(
  'granted datasets | LF: IAM policy chars | LF: status | LF: quota problems | LF plan time | IAM: status     | IAM: policy chars',
);
console.log(
  '-----------------|----------------------|------------|--------------------|--------------|-----------------|------------------',
);
const sizes = new Set();
let lfMax = 0;
for (const n of [1, 100, 250, 500, 1000, 5000, 10000]) {
  const input = capacityInput(n);
  const { value: lfState, ms } = time(() =>
    planAwsDesiredState(input, configs['lake-formation'], { now: NOW }),
  );
  const lfRole = consumerOf(lfState);
  const quotaProblems = lfState.problems.filter(
    p => p.severity === 'error',
  ).length;
  const iamRole = consumerOf(
    planAwsDesiredState(input, configs.iam, { now: NOW }),
  );
  sizes.add(policySize(lfRole));
  if (lfRole.policyStatus === 'planned' && quotaProblems === 0) {
    lfMax = lfRole.grantedDatasets.length;
  }
  console.log(
    `${pad(fmt(lfRole.grantedDatasets.length), 16)} | ${pad(
      fmt(policySize(lfRole)),
      20,
    )} | ${pad(lfRole.policyStatus, 10)} | ${pad(quotaProblems, 18)} | ${pad(
      `${(ms / 1000).toFixed(2)} s`,
      12,
    )} | ${pad(iamRole.policyStatus, 15)} | ${pad(
      iamRole.policyStatus === 'planned' ? fmt(policySize(iamRole)) : '-',
      17,
    )}`,
  );
}
console.log(
  `\nLake Formation mode: ${fmt(
    lfMax,
  )} granted datasets on one consumer role with no quota problem (target >= 10,000); IAM policy size ${
    sizes.size === 1
      ? `constant at ${fmt([...sizes][0])} characters`
      : `VARIES: ${[...sizes].join(', ')}`
  }. IAM mode: see plan.bench.js for its exact ceiling (about 250 at 10 managed policies).\n`,
);

// --- 3. a grants file of 5,000 grants to one consumer ----------------------------
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-lf-bench-'));
const file = path.join(dir, 'grants.json');
const five = capacityInput(5000);
fs.writeFileSync(
  file,
  JSON.stringify({
    grants: five.grants.map(g => ({
      consumer: g.consumer,
      dataset: g.dataset,
      environments: g.environments,
    })),
  }),
);
const fromFile = parseGrantsFile(JSON.parse(fs.readFileSync(file, 'utf8')));
const { value: fileState, ms: fileMs } = time(() =>
  planAwsDesiredState(
    { ...five, grants: fromFile },
    configs['lake-formation'],
    { now: NOW },
  ),
);
fs.rmSync(dir, { recursive: true, force: true });
const errors = fileState.problems.filter(p => p.severity === 'error');
console.log(
  `grants file of ${fmt(
    fromFile.length,
  )} grants to one consumer, lake-formation mode: ${
    consumerOf(fileState).policyStatus
  }, ${errors.length} errors, ${fmt(
    fileState.lakeFormation[0].permissions.length,
  )} LF permissions, ${(fileMs / 1000).toFixed(2)} s`,
);

const ok = lfMax >= 10000 && sizes.size === 1 && errors.length === 0;
if (!ok) {
  console.log('FAILED: a Lake Formation target was missed');
  process.exitCode = 1;
}
