import type { DataOutput } from '@meshport/plugin-data-products-common';
import type { ProvisioningInput } from '@meshport/plugin-data-products-node';
import { resolveAwsProvisionerConfig } from '../config';
import {
  dataset,
  DEV,
  grant,
  meshInput,
  product,
  PRD,
} from '../plan/__fixtures__/mesh';
import { planAwsDesiredState } from '../plan/planner';
import { reconcileInput } from './__fixtures__/reconcileMesh';
import { assumeApplied } from './assume';
import { diffAwsState } from './diff';

const NOW = new Date('2025-06-01T00:00:00Z');

/** A small seeded PRNG (mulberry32), so a failing case can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random mesh: products, their datasets (S3 and Glue outputs), grants. */
function randomMesh(seed: number): ProvisioningInput {
  const rnd = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const productNames = Array.from(
    { length: 1 + Math.floor(rnd() * 5) },
    (_, i) => `p${i}`,
  );
  const products = productNames.map(name =>
    product(name, rnd() < 0.3 ? { environments: [pick(['dev', 'prd'])] } : {}),
  );
  const datasets = productNames.flatMap(owner =>
    Array.from({ length: Math.floor(rnd() * 40) }, (_, i) => {
      const outputs: DataOutput[] = [
        {
          type: 's3',
          bucket: pick(['datalake', 'archive']),
          path: `${owner}/d${i}/`,
        },
      ];
      if (rnd() < 0.7) {
        outputs.push({
          type: 'glue',
          database: rnd() < 0.8 ? `${owner}_db` : 'shared_db',
          ...(rnd() < 0.8 ? { table: `t${i}` } : {}),
        });
      }
      return dataset(
        `${owner}-d${i}`,
        owner,
        outputs,
        pick(['unrestricted', 'restricted', 'private']),
      );
    }),
  );
  const grants = datasets
    .filter(() => rnd() < 0.7)
    .map(d =>
      grant(
        pick(productNames),
        d.metadata.name,
        rnd() < 0.5 ? ['dev'] : ['dev', 'prd'],
      ),
    );
  return { environments: [DEV, PRD], products, datasets, grants };
}

describe('assumeApplied', () => {
  it('is what AWS holds after applying a plan: diffing against it is empty', () => {
    const configs = [
      resolveAwsProvisionerConfig({}),
      resolveAwsProvisionerConfig({
        rolePrefix: 'dp',
        rolePath: '/data/products/',
        permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary',
        maxManagedPoliciesPerRole: 1,
      }),
    ];
    // One more: a consumer of 120 datasets, beyond IAM's quotas with one managed policy.
    const crowded = randomMesh(0);
    crowded.products = [product('big'), product('reader')];
    crowded.datasets = Array.from({ length: 120 }, (_, i) =>
      dataset(`big-${i}`, 'big', [
        {
          type: 's3',
          bucket: 'datalake',
          path: `big/customer_orders_enriched_${i}/`,
        },
        {
          type: 'glue',
          database: `big_${i}`,
          table: 'customer_orders_enriched',
        },
      ]),
    );
    crowded.grants = crowded.datasets.map(d =>
      grant('reader', d.metadata.name, ['dev', 'prd']),
    );

    let quotaExceeded = 0;
    for (let seed = 0; seed <= 60; seed++) {
      const input = seed === 0 ? crowded : randomMesh(seed);
      for (const config of configs) {
        const desired = planAwsDesiredState(input, config, { now: NOW });
        quotaExceeded += desired.roles.filter(
          r => r.policyStatus === 'quota-exceeded',
        ).length;
        const operations = diffAwsState(desired, assumeApplied(desired));
        if (operations.length) {
          throw new Error(
            `seed ${seed}: ${operations.map(o => o.id).join(', ')}`,
          );
        }
      }
    }
    // The generator reaches the quota-exceeded case too.
    expect(quotaExceeded).toBeGreaterThan(0);
  });

  it('holds for the fixture meshes', () => {
    const config = resolveAwsProvisionerConfig({});
    for (const input of [meshInput(), reconcileInput()]) {
      const desired = planAwsDesiredState(input, config, { now: NOW });
      expect(diffAwsState(desired, assumeApplied(desired))).toEqual([]);
    }
  });

  it('shows what changed since the previous plan, as apply would', () => {
    const config = resolveAwsProvisionerConfig({});
    const previous = planAwsDesiredState(reconcileInput(), config, {
      now: NOW,
    });
    const next = planAwsDesiredState(
      reconcileInput({
        products: [...reconcileInput().products, product('billing')],
      }),
      config,
      { now: NOW },
    );
    const operations = diffAwsState(next, assumeApplied(previous));
    expect(new Set(operations.map(o => o.dataProduct))).toEqual(
      new Set(['dataproduct:default/billing']),
    );
    expect(operations.every(o => o.action === 'create')).toBe(true);
  });

  it('does not share objects with the plan', () => {
    const desired = planAwsDesiredState(
      meshInput(),
      resolveAwsProvisionerConfig({}),
      { now: NOW },
    );
    const actual = assumeApplied(desired);
    actual.roles[0].inlinePolicies.pop();
    expect(desired.roles[0].inlinePolicies).toHaveLength(1);
  });
});

describe('assumeApplied in lake-formation mode (plan mode: no AWS call)', () => {
  const lfConfig = resolveAwsProvisionerConfig({
    environments: {
      dev: { accessControl: 'lake-formation' },
      prd: { accessControl: 'lake-formation' },
    },
  });
  const planOf = (input: ProvisioningInput) =>
    planAwsDesiredState(input, lfConfig, { now: NOW });

  it('plans nothing for an unchanged mesh, Lake Formation and cross-account included', () => {
    const desired = planOf(meshInput());
    expect(desired.lakeFormation?.length).toBeGreaterThan(0);
    expect(diffAwsState(desired, assumeApplied(desired))).toEqual([]);
  });

  it("shows an ended grant as the revoke of the consumer's Lake Formation permissions", () => {
    const before = planOf(meshInput());
    const after = planOf(
      meshInput({ grants: [grant('churn', 'campaigns', ['prd'])] }),
    );
    const operations = diffAwsState(after, assumeApplied(before)).filter(
      op => op.resourceType === 'lake-formation',
    );
    const revokes = operations.flatMap(
      op =>
        (op.details as any).changes.revokes as Array<{
          principal: string;
          resource: { table?: string };
        }>,
    );
    expect(revokes).toContainEqual(
      expect.objectContaining({
        principal:
          'arn:aws:iam::222222222222:role/meshport/meshport-churn-prd-consumer',
        resource: expect.objectContaining({ table: 'orders' }),
      }),
    );
    expect(
      operations.find(
        op =>
          op.environment === 'prd' &&
          op.dataProduct === 'dataproduct:default/churn',
      )?.description,
    ).toMatch(/^Lake Formation in prd for dataproduct:default\/churn: revoke/);
  });
});

describe('switching an environment from iam to lake-formation (plan mode)', () => {
  it('shows the Lake Formation grants, ordered before the role policies shrink', () => {
    const iam = planAwsDesiredState(
      meshInput(),
      resolveAwsProvisionerConfig({}),
      { now: NOW },
    );
    const lf = planAwsDesiredState(
      meshInput(),
      resolveAwsProvisionerConfig({
        environments: { prd: { accessControl: 'lake-formation' } },
      }),
      { now: NOW },
    );
    const operations = diffAwsState(lf, assumeApplied(iam));
    const types = operations.map(op => op.resourceType);
    expect(types).toContain('lake-formation');
    // The prd roles' policies change (to the fixed Lake Formation document).
    expect(types).toContain('iam-inline-policy');
    const lastGrant = types.lastIndexOf('lake-formation');
    const firstPolicy = operations.findIndex(
      op =>
        op.environment === 'prd' &&
        ['iam-managed-policy', 'iam-inline-policy'].includes(op.resourceType),
    );
    expect(lastGrant).toBeLessThan(firstPolicy);
  });
});
