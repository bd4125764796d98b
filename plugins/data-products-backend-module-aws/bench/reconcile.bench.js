#!/usr/bin/env node
/*
 * Benchmark of a no-op reconcile's AWS reads: what it costs to find out that
 * nothing changed, at 1,000 products x 2 environments (two accounts).
 *
 *   node plugins/data-products-backend-module-aws/bench/reconcile.bench.js [--products 1000] [--rate 10]
 *
 * The AWS accounts are the stateful fakes the unit tests use (behind
 * aws-sdk-client-mock), filled by applying the plan. Every call is counted;
 * the time is simulated for an account that serves `--rate` calls per second
 * (IAM's budget is per account): a method's time is the calls each account
 * serves, one after another at that rate, with environments read one after
 * the other (old) or in parallel, one rate limiter per account (new).
 *
 * Old: the per-resource reader Meshport had before (bench/legacy/: GetRole,
 * ListAttachedRolePolicies, ListRolePolicies, GetRolePolicy, GetPolicy +
 * GetPolicyVersion per role, GetTags per Glue database, ListTagsForResource +
 * GetWorkGroup per workgroup). New: src/actual (GetAccountAuthorizationDetails,
 * ListRoles, bulk Glue and Athena listings, STS account check).
 */
/* eslint-disable no-console */
require('@backstage/cli/config/nodeTransform.cjs');

const { performance } = require('node:perf_hooks');
const { mockClient } = require('aws-sdk-client-mock');
const { AthenaClient } = require('@aws-sdk/client-athena');
const { GlueClient } = require('@aws-sdk/client-glue');
const { IAMClient } = require('@aws-sdk/client-iam');
const { STSClient } = require('@aws-sdk/client-sts');
const { FakeAws } = require('../src/testing/index.ts');
const { resolveAwsProvisionerConfig } = require('../src/config.ts');
const { planAwsDesiredState } = require('../src/plan/planner.ts');
const { diffAwsState } = require('../src/apply/diff.ts');
const { applyAwsOperations } = require('../src/apply/index.ts');
const { createAwsClients } = require('../src/apply/clients.ts');
const { readActualAwsState } = require('../src/actual/index.ts');
const legacyIam = require('./legacy/iam.ts');
const legacyGlue = require('./legacy/glue.ts');
const legacyAthena = require('./legacy/athena.ts');
const { generateMesh, ENVIRONMENTS } = require('./mesh');

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const PRODUCTS = Number(argValue('--products') ?? 1000);
const RATE = Number(argValue('--rate') ?? 10);
const TARGET_CALLS = 200;
const TARGET_SECONDS = 60;
const NOW = new Date('2025-06-01T00:00:00Z');

// The fakes route clients to accounts by region: give prd its own.
const environments = [
  ENVIRONMENTS[0],
  { ...ENVIRONMENTS[1], region: 'eu-central-1' },
];
const mesh = { ...generateMesh(PRODUCTS), environments };
const config = resolveAwsProvisionerConfig({});
const noRetryWait = { sleep: async () => {} };

const stubs = {
  iam: mockClient(IAMClient),
  glue: mockClient(GlueClient),
  athena: mockClient(AthenaClient),
  sts: mockClient(STSClient),
};
// IAM and Glue serve up to 1,000 and 100 items a page when asked.
const cloud = new FakeAws(environments, { pageSize: 1000 });
cloud.install(stubs);
// 3,000 roles and their policies per account: quotas raised as such an
// account would have them (IAM allows up to 5,000 roles).
for (const env of environments) {
  Object.assign(cloud.account(env.region).iam.quotas, {
    RolesQuota: 5000,
    PoliciesQuota: 5000,
  });
}

function callsByAccount() {
  return environments.map(env => {
    const account = cloud.account(env.region);
    const sts = cloud.stsCalls.filter(c => c.region === env.region).length;
    return {
      environment: env.name,
      calls:
        account.iam.calls.length +
        account.glue.calls.length +
        account.athena.calls.length +
        sts,
      writes: [account.iam, account.glue, account.athena].reduce(
        (sum, service) => sum + service.writes().length,
        0,
      ),
    };
  });
}

function resetCalls() {
  cloud.resetCalls();
  cloud.stsCalls.length = 0;
}

const seconds = s =>
  s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`;

async function main() {
  console.log(
    `Meshport no-op reconcile reads (node ${process.version}): ${PRODUCTS} products x ${environments.length} environments, ${RATE} calls/s per account`,
  );
  let started = performance.now();
  const desired = planAwsDesiredState(mesh, config, { now: NOW });
  const setup = diffAwsState(desired, {
    roles: [],
    buckets: [],
    glueDatabases: [],
    workgroups: [],
  });
  const results = await applyAwsOperations(setup, {
    config,
    environments,
    retry: noRetryWait,
  });
  const failed = results.filter(r => r.status !== 'succeeded');
  if (failed.length) {
    throw new Error(`Setting up failed: ${JSON.stringify(failed.slice(0, 3))}`);
  }
  console.log(
    `set up: ${desired.roles.length} roles, ${desired.glueDatabases.length} Glue databases, ${desired.workgroups.length} workgroups in ${(
      (performance.now() - started) /
      1000
    ).toFixed(1)} s (${setup.length} operations)`,
  );

  // Old: environment after environment, resource by resource.
  resetCalls();
  started = performance.now();
  for (const environment of environments) {
    const { iam, glue, athena } = createAwsClients(environment, config);
    await legacyIam.readIamState(iam, environment, {
      rolePath: config.rolePath,
      retry: noRetryWait,
    });
    await legacyGlue.readGlueDatabases(glue, environment, {
      retry: noRetryWait,
    });
    await legacyAthena.readWorkgroups(athena, environment, {
      rolePrefix: config.rolePrefix,
      retry: noRetryWait,
    });
  }
  const oldMs = performance.now() - started;
  const old = callsByAccount();

  // New: what the provisioner does.
  resetCalls();
  started = performance.now();
  const actual = await readActualAwsState(desired, {
    config,
    environments,
    retry: noRetryWait,
  });
  const newMs = performance.now() - started;
  const fresh = callsByAccount();
  const operations = diffAwsState(desired, actual);

  const total = rows => rows.reduce((sum, r) => sum + r.calls, 0);
  const writes = rows => rows.reduce((sum, r) => sum + r.writes, 0);
  // Old: sequential environments; new: parallel, one limiter per account.
  const oldSeconds = total(old) / RATE;
  const newSeconds = Math.max(...fresh.map(r => r.calls)) / RATE;

  console.log('');
  console.log('method | read calls (dev + prd) | writes | simulated time | local CPU');
  console.log('--- | --- | --- | --- | ---');
  console.log(
    `old (per resource, sequential) | ${total(old)} (${old
      .map(r => r.calls)
      .join(' + ')}) | ${writes(old)} | ${seconds(oldSeconds)} | ${(
      oldMs / 1000
    ).toFixed(1)} s`,
  );
  console.log(
    `new (bulk, parallel) | ${total(fresh)} (${fresh
      .map(r => r.calls)
      .join(' + ')}) | ${writes(fresh)} | ${seconds(newSeconds)} | ${(
      newMs / 1000
    ).toFixed(1)} s`,
  );
  const byCommand = {};
  for (const env of environments) {
    const account = cloud.account(env.region);
    for (const service of [account.iam, account.glue, account.athena]) {
      for (const call of service.calls) {
        byCommand[call.command] = (byCommand[call.command] ?? 0) + 1;
      }
    }
  }
  byCommand.GetCallerIdentity = cloud.stsCalls.length;
  console.log(
    `new calls by command: ${Object.entries(byCommand)
      .map(([command, n]) => `${command} ${n}`)
      .join(', ')}`,
  );
  console.log(`operations planned after the new read: ${operations.length}`);
  console.log(
    `quotas checked (GetAccountSummary and listings): ${
      actual.problems.length
        ? actual.problems.map(p => p.message).join('; ')
        : 'all fit'
    }`,
  );

  const misses = [];
  if (operations.length) misses.push(`${operations.length} operations on a no-op`);
  if (actual.problems.length) misses.push(`${actual.problems.length} problems`);
  if (writes(fresh)) misses.push(`${writes(fresh)} writes`);
  if (PRODUCTS >= 1000 && total(fresh) > TARGET_CALLS) {
    misses.push(`${total(fresh)} read calls > ${TARGET_CALLS}`);
  }
  if (PRODUCTS >= 1000 && RATE <= 10 && newSeconds > TARGET_SECONDS) {
    misses.push(`${seconds(newSeconds)} > ${TARGET_SECONDS} s`);
  }
  console.log(
    misses.length
      ? `target missed: ${misses.join('; ')}`
      : `target met: at most ${TARGET_CALLS} read calls, 0 writes, under ${TARGET_SECONDS} s at ${RATE} calls/s`,
  );
  for (const stub of Object.values(stubs)) stub.restore();
  if (misses.length) process.exitCode = 1;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
