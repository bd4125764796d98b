import type { ProvisioningOperation } from '@meshport/plugin-data-products-node';
import { resolveAwsProvisionerConfig } from '../config';
import type { AwsActualState, AwsDesiredState, PolicyDocument } from '../model';
import { meshInput } from '../plan/__fixtures__/mesh';
import { planAwsDesiredState } from '../plan/planner';
import { reconcileInput } from './__fixtures__/reconcileMesh';
import { assumeApplied } from './assume';
import { diffAwsState } from './diff';
import type { ScopedAwsActualState } from './operations';

const NOW = new Date('2025-06-01T00:00:00Z');
const config = resolveAwsProvisionerConfig({});

function plan(input = reconcileInput()): AwsDesiredState {
  return planAwsDesiredState(input, config, { now: NOW });
}

const EMPTY: AwsActualState = {
  roles: [],
  buckets: [],
  glueDatabases: [],
  workgroups: [],
};

const ids = (operations: ProvisioningOperation[]) => operations.map(o => o.id);

/** A deep copy of the applied state, to edit as AWS would drift. */
function applied(desired: AwsDesiredState): AwsActualState {
  return structuredClone(assumeApplied(desired));
}

function roleOf(state: AwsActualState, name: string) {
  const role = state.roles.find(r => r.name === name);
  if (!role) throw new Error(`no role ${name}`);
  return role;
}

describe('diffAwsState', () => {
  it('creates everything in a fixed order, each operation after those it depends on', () => {
    const operations = diffAwsState(plan(), EMPTY);

    const order = [
      'create:iam-role',
      'create:iam-managed-policy',
      'create:iam-role-policy-attachment',
      'create:iam-inline-policy',
      'create:glue-database',
      'create:athena-workgroup',
    ];
    const kinds = operations.map(o => `${o.action}:${o.resourceType}`);
    const firstIndex = order.map(k => kinds.indexOf(k));
    expect(firstIndex.every(i => i >= 0)).toBe(true);
    expect([...firstIndex].sort((a, b) => a - b)).toEqual(firstIndex);
    for (const [i, kind] of kinds.entries()) {
      expect(order.indexOf(kind)).toBeGreaterThanOrEqual(
        order.indexOf(kinds[Math.max(0, i - 1)]),
      );
    }
    const seen = new Set<string>();
    for (const operation of operations) {
      for (const dependency of (operation.details.dependsOn as string[]) ??
        []) {
        expect(seen.has(dependency)).toBe(true);
      }
      seen.add(operation.id);
    }
    // Within a phase, environments keep the configured order.
    const roleEnvs = operations
      .filter(o => o.resourceType === 'iam-role')
      .map(o => o.environment);
    expect(roleEnvs.indexOf('prd')).toBeGreaterThan(
      roleEnvs.lastIndexOf('dev'),
    );
  });

  it('gives operations stable ids and details that are enough to apply them', () => {
    const desired = plan();
    const operations = diffAwsState(desired, EMPTY);
    expect(diffAwsState(plan(), EMPTY)).toEqual(operations);
    expect(new Set(ids(operations)).size).toBe(operations.length);

    const role = desired.roles.find(
      r => r.name === 'meshport-churn-dev-consumer',
    )!;
    const byId = new Map(operations.map(o => [o.id, o]));
    expect(
      byId.get('aws:dev:create:iam-role:meshport-churn-dev-consumer'),
    ).toEqual({
      id: 'aws:dev:create:iam-role:meshport-churn-dev-consumer',
      provisioner: 'aws',
      environment: 'dev',
      dataProduct: 'dataproduct:default/churn',
      action: 'create',
      resourceType: 'iam-role',
      resource: role.arn,
      description: 'Create IAM role meshport-churn-dev-consumer',
      details: {
        accountId: '111111111111',
        roleName: role.name,
        arn: role.arn,
        path: '/meshport/',
        trustPolicy: role.trustPolicy,
        description: role.purpose,
        maxSessionDuration: 3600,
        tags: role.tags,
      },
    });
    const policy = role.managedPolicies[0];
    expect(
      byId.get(`aws:dev:create:iam-managed-policy:${policy.name}`)!.details,
    ).toEqual({
      accountId: '111111111111',
      policyName: policy.name,
      arn: policy.arn,
      path: '/meshport/',
      roleName: role.name,
      document: policy.document,
      tags: policy.tags,
    });
    expect(
      byId.get(
        `aws:dev:create:iam-role-policy-attachment:${role.name}/${policy.name}`,
      )!.details,
    ).toEqual({
      roleName: role.name,
      policyName: policy.name,
      policyArn: policy.arn,
      dependsOn: [
        'aws:dev:create:iam-role:meshport-churn-dev-consumer',
        `aws:dev:create:iam-managed-policy:${policy.name}`,
      ],
    });
    // Details survive being stored as JSON.
    expect(JSON.parse(JSON.stringify(operations))).toEqual(operations);
  });

  it("emits no operation for S3 prefixes: S3 has no folders and buckets are not Meshport's", () => {
    const operations = diffAwsState(plan(), EMPTY);
    expect(operations.some(o => o.resourceType === 's3-prefix')).toBe(false);
  });

  it('compares policy documents by meaning, not spelling', () => {
    const desired = plan();
    const actual = applied(desired);
    const role = roleOf(actual, 'meshport-churn-dev-consumer');
    const respell = (doc: PolicyDocument): PolicyDocument =>
      ({
        Version: doc.Version,
        Statement: [...doc.Statement].reverse().map(s => ({
          ...s,
          Action: s.Action.length === 1 ? s.Action[0] : [...s.Action].reverse(),
          ...(s.Resource ? { Resource: [...s.Resource].reverse() } : {}),
        })),
      } as unknown as PolicyDocument);
    role.inlinePolicies[0].document = respell(role.inlinePolicies[0].document);
    role.managedPolicies[0].document = respell(
      role.managedPolicies[0].document,
    );
    role.trustPolicy = respell(role.trustPolicy);

    expect(diffAwsState(desired, actual)).toEqual([]);
  });

  it('updates what drifted, and only that', () => {
    const desired = plan();
    const actual = applied(desired);
    const role = roleOf(actual, 'meshport-sales-dev-owner');
    role.managedPolicies[0].document.Statement.push({
      Effect: 'Allow',
      Action: ['s3:*'],
      Resource: ['*'],
    });
    role.maxSessionDuration = 43200;
    const { 'meshport:role': _dropped, ...tags } = role.tags;
    role.tags = { ...tags, 'cost-centre': '42' }; // not ours: kept
    actual.workgroups[0].bytesScannedCutoffPerQuery = 1;
    actual.glueDatabases[0].description = 'edited';

    const operations = diffAwsState(desired, actual);

    expect(ids(operations)).toEqual([
      'aws:dev:update:iam-role:meshport-sales-dev-owner',
      `aws:dev:update:iam-managed-policy:${role.managedPolicies[0].name}`,
      `aws:dev:update:glue-database:${actual.glueDatabases[0].name}`,
      `aws:dev:update:athena-workgroup:${actual.workgroups[0].name}`,
    ]);
    expect(operations[0].details.changes).toEqual([
      'maxSessionDuration',
      'tags',
    ]);
    expect(operations[0].description).toBe(
      'Update IAM role meshport-sales-dev-owner (maxSessionDuration, tags)',
    );
    expect(operations[1].details.changes).toEqual(['document']);
    expect(operations[2].details.changes).toEqual(['description']);
    expect(operations[3].details.changes).toEqual(['configuration']);
  });

  it('restores a workgroup whose enforced configuration was switched off by hand', () => {
    const desired = plan();
    const actual = applied(desired);
    (
      actual.workgroups[1] as { enforceWorkGroupConfiguration: boolean }
    ).enforceWorkGroupConfiguration = false;
    expect(ids(diffAwsState(desired, actual))).toEqual([
      `aws:dev:update:athena-workgroup:${actual.workgroups[1].name}`,
    ]);
  });

  it('never updates or deletes resources that are not tagged as managed', () => {
    const desired = plan();
    const actual = applied(desired);
    actual.roles.push({
      ...structuredClone(roleOf(actual, 'meshport-churn-dev-owner')),
      name: 'meshport-old-dev-owner',
      tags: { 'meshport:data-product': 'dataproduct:default/old' },
    });
    actual.glueDatabases.push({
      ...actual.glueDatabases[0],
      name: 'hand_made',
      tags: {},
    });
    actual.workgroups.push({
      ...actual.workgroups[0],
      name: 'meshport-hand',
      tags: { 'meshport:managed': 'false' },
    });
    actual.unattachedPolicies = [
      {
        ...roleOf(actual, 'meshport-churn-dev-owner').managedPolicies[0],
        name: 'x',
        arn: 'arn:aws:iam::111111111111:policy/meshport/x',
        tags: {},
        environment: 'dev',
      },
    ];
    // An untagged role with a desired name is not adopted: it is planned as
    // a create, which the applier reports as a conflict.
    roleOf(actual, 'meshport-churn-prd-owner').tags = {};

    expect(ids(diffAwsState(desired, actual))).toEqual([
      'aws:prd:create:iam-role:meshport-churn-prd-owner',
      'aws:prd:create:iam-inline-policy:meshport-churn-prd-owner/meshport-churn-prd-owner-inline',
    ]);
  });

  it('deletes a managed role no longer desired: inline policies and attachments first, its own policies after', () => {
    const desired = plan();
    const actual = applied(desired);
    const leaving = roleOf(actual, 'meshport-churn-dev-consumer');
    leaving.managedPolicies.push({
      name: 'ReadOnlyAccess',
      arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      path: '',
      document: { Version: '2012-10-17', Statement: [] },
      tags: {},
    });
    const withoutRole = {
      ...desired,
      roles: desired.roles.filter(r => r.name !== leaving.name),
    };

    const operations = diffAwsState(withoutRole, actual);

    const own = leaving.managedPolicies[0];
    expect(ids(operations)).toEqual([
      `aws:dev:delete:iam-inline-policy:${leaving.name}/${leaving.name}-inline`,
      `aws:dev:delete:iam-role-policy-attachment:${leaving.name}/${own.name}`,
      `aws:dev:delete:iam-role-policy-attachment:${leaving.name}/ReadOnlyAccess`,
      `aws:dev:delete:iam-managed-policy:${own.name}`,
      `aws:dev:delete:iam-role:${leaving.name}`,
    ]);
    // The AWS managed policy is only detached, never deleted.
    expect(operations[3].details.dependsOn).toEqual([operations[1].id]);
    expect(operations[4].details.dependsOn).toEqual([
      operations[0].id,
      operations[1].id,
      operations[2].id,
    ]);
  });

  it('leaves policies attached by hand to a role it keeps', () => {
    const desired = plan();
    const actual = applied(desired);
    roleOf(actual, 'meshport-churn-dev-consumer').managedPolicies.push({
      name: 'team-extra',
      arn: 'arn:aws:iam::111111111111:policy/team-extra',
      path: '/',
      document: { Version: '2012-10-17', Statement: [] },
      tags: {},
    });
    roleOf(actual, 'meshport-churn-dev-consumer').inlinePolicies.push({
      name: 'break-glass',
      document: { Version: '2012-10-17', Statement: [] },
    });
    expect(diffAwsState(desired, actual)).toEqual([]);
  });

  it("removes a role's old permissions only after its new ones are in place", () => {
    const desired = plan();
    const actual = applied(desired);
    const role = roleOf(actual, 'meshport-churn-dev-consumer');
    // A second managed policy from an older plan, and a changed first one.
    const old = {
      ...structuredClone(role.managedPolicies[0]),
      name: `${role.name}-2`,
      arn: `${role.managedPolicies[0].arn.replace(/-1$/, '-2')}`,
    };
    role.managedPolicies.push(old);
    role.managedPolicies[0].document.Statement.pop();

    const operations = diffAwsState(desired, actual);

    const update = `aws:dev:update:iam-managed-policy:${role.name}-1`;
    const detach = `aws:dev:delete:iam-role-policy-attachment:${role.name}/${old.name}`;
    expect(ids(operations)).toEqual([
      update,
      detach,
      `aws:dev:delete:iam-managed-policy:${old.name}`,
    ]);
    expect(operations[1].details.dependsOn).toEqual([update]);
    expect(operations[2].details.dependsOn).toEqual([detach]);
  });

  it('adopts a managed policy that exists unattached instead of creating it', () => {
    const desired = plan();
    const actual = applied(desired);
    const role = roleOf(actual, 'meshport-churn-dev-consumer');
    const [policy] = role.managedPolicies.splice(0, 1);
    actual.unattachedPolicies = [{ ...policy, environment: 'dev' }];
    expect(ids(diffAwsState(desired, actual))).toEqual([
      `aws:dev:create:iam-role-policy-attachment:${role.name}/${policy.name}`,
    ]);
  });

  it('deletes managed policies that no role has attached and none wants', () => {
    const desired = plan();
    const actual = applied(desired);
    const stray = {
      ...structuredClone(
        roleOf(actual, 'meshport-churn-dev-consumer').managedPolicies[0],
      ),
      name: 'meshport-gone-dev-owner-1',
      arn: 'arn:aws:iam::111111111111:policy/meshport/meshport-gone-dev-owner-1',
      environment: 'dev',
    };
    stray.tags['meshport:data-product'] = 'dataproduct:default/gone';
    actual.unattachedPolicies = [stray];
    expect(ids(diffAwsState(desired, actual))).toEqual([
      'aws:dev:delete:iam-managed-policy:meshport-gone-dev-owner-1',
    ]);
  });

  it('keeps every policy of a role whose permissions exceed the IAM quotas', () => {
    const desired = plan();
    const actual = applied(desired);
    const name = 'meshport-churn-dev-consumer';
    const role = desired.roles.find(r => r.name === name)!;
    const over = {
      ...desired,
      roles: desired.roles.map(r =>
        r.name === name
          ? {
              ...r,
              policyStatus: 'quota-exceeded' as const,
              managedPolicies: [],
              inlinePolicies: [],
            }
          : r,
      ),
    };
    actual.unattachedPolicies = [
      {
        ...structuredClone(role.managedPolicies[0]),
        name: `${name}-7`,
        arn: role.managedPolicies[0].arn.replace(/-1$/, '-7'),
        environment: 'dev',
      },
    ];
    expect(diffAwsState(over, actual)).toEqual([]);
    // Its role itself is still kept up to date.
    roleOf(actual, name).maxSessionDuration = 7200;
    expect(ids(diffAwsState(over, actual))).toEqual([
      `aws:dev:update:iam-role:${name}`,
    ]);
  });

  it('never removes a permissions boundary, but sets a configured one', () => {
    const desired = plan();
    const actual = applied(desired);
    roleOf(actual, 'meshport-churn-dev-owner').permissionsBoundaryArn =
      'arn:aws:iam::111111111111:policy/org-boundary';
    expect(diffAwsState(desired, actual)).toEqual([]);

    const bounded = planAwsDesiredState(
      reconcileInput(),
      resolveAwsProvisionerConfig({
        permissionsBoundaryArn:
          'arn:aws:iam::111111111111:policy/meshport-boundary',
      }),
      { now: NOW },
    );
    const operations = diffAwsState(bounded, actual);
    // The boundary is a policy of dev's account: prd's roles cannot use it.
    expect(operations).toHaveLength(
      bounded.roles.filter(r => r.environment === 'dev').length,
    );
    expect(
      operations.every(o =>
        (o.details.changes as string[]).includes('permissionsBoundary'),
      ),
    ).toBe(true);
  });

  it('plans only within the scope the actual state was read for', () => {
    const desired = plan();
    const scoped = (
      scope: ScopedAwsActualState['scope'],
    ): ScopedAwsActualState => ({ ...EMPTY, scope });

    const churnDev = diffAwsState(
      desired,
      scoped({ dataProducts: ['churn'], environments: ['dev'] }),
    );
    expect(
      new Set(churnDev.map(o => `${o.environment} ${o.dataProduct}`)),
    ).toEqual(new Set(['dev dataproduct:default/churn']));
    const prdOnly = diffAwsState(desired, scoped({ environments: ['prd'] }));
    expect(prdOnly.length).toBeGreaterThan(0);
    expect(prdOnly.every(o => o.environment === 'prd')).toBe(true);

    // Deletions too: a managed role of another product is not deleted.
    const actual: ScopedAwsActualState = {
      ...applied(desired),
      scope: { dataProducts: ['dataproduct:default/churn'] },
    };
    const withoutSales = {
      ...desired,
      roles: desired.roles.filter(r => !r.name.includes('-sales-')),
    };
    expect(diffAwsState(withoutSales, actual)).toEqual([]);
    expect(
      diffAwsState(withoutSales, { ...actual, scope: undefined }).filter(
        o => o.action === 'delete',
      ),
    ).not.toEqual([]);
  });

  it('deletes managed Glue databases and workgroups no longer desired', () => {
    const desired = plan(meshInput());
    const actual = applied(desired);
    const empty = { ...desired, glueDatabases: [], workgroups: [] };
    const operations = diffAwsState(empty, actual);
    expect(operations.map(o => `${o.action}:${o.resourceType}`)).toEqual([
      ...desired.workgroups.map(() => 'delete:athena-workgroup'),
      ...desired.glueDatabases.map(() => 'delete:glue-database'),
    ]);
  });
});
