import { DEFAULT_AWS_CONFIG } from './config';
import { AwsProvisioner } from './provisioner';
import { DEV, PRD, grant, meshInput } from './plan/__fixtures__/mesh';

describe('AwsProvisioner', () => {
  const provisioner = new AwsProvisioner({
    config: DEFAULT_AWS_CONFIG,
    environments: [DEV, PRD],
  });

  it('hands the problems found while reading to the run, naming the role as the resource', () => {
    expect(
      provisioner.problemsOf({
        roles: [],
        buckets: [],
        glueDatabases: [],
        workgroups: [],
        problems: [
          {
            severity: 'error',
            environment: 'dev',
            role: 'meshport-churn-dev-consumer',
            message: 'Role meshport-churn-dev-consumer would have 11 managed policies',
          },
        ],
      }),
    ).toEqual([
      {
        severity: 'error',
        environment: 'dev',
        resource: 'meshport-churn-dev-consumer',
        message: 'Role meshport-churn-dev-consumer would have 11 managed policies',
      },
    ]);
  });

  it('finds nothing to change once a plan is assumed applied (plan mode)', async () => {
    const plan = await provisioner.plan(meshInput());
    expect(provisioner.diff(plan, provisioner.assumeApplied(plan))).toEqual([]);
  });

  it('shows only the access a new grant adds since the last plan (plan mode)', async () => {
    const before = await provisioner.plan(meshInput());
    const input = meshInput();
    const after = await provisioner.plan({
      ...input,
      grants: [...input.grants, grant('marketing', 'orders', ['dev'])],
    });
    const operations = provisioner.diff(
      after,
      provisioner.assumeApplied(before),
    );
    expect(operations.length).toBeGreaterThan(0);
    expect(
      operations.every(
        op => op.dataProduct === 'dataproduct:default/marketing',
      ),
    ).toBe(true);
    expect(operations.every(op => op.environment === 'dev')).toBe(true);
  });

  it("returns one product's roles, databases, workgroups and prefixes", async () => {
    const plan = await provisioner.plan(meshInput());
    const resources = provisioner.resourcesOf(
      plan,
      'dataproduct:default/sales',
    ) as any;
    const roles = resources.roles.map((r: any) => `${r.environment}/${r.kind}`);
    expect(roles.sort()).toEqual([
      'dev/consumer',
      'dev/owner',
      'dev/service',
      'prd/consumer',
      'prd/owner',
      'prd/service',
    ]);
    expect(
      resources.glueDatabases.map((d: any) => `${d.environment}/${d.name}`),
    ).toEqual(expect.arrayContaining(['dev/sales_db', 'prd/sales_db']));
    expect(resources.workgroups).toHaveLength(2);
    const prefixes = resources.buckets.flatMap((b: any) =>
      b.prefixes.map((p: any) => p.prefix),
    );
    expect(prefixes).toEqual(expect.arrayContaining(['sales/orders/']));
    expect(prefixes).not.toEqual(
      expect.arrayContaining(['marketing/campaigns/']),
    );
  });
});
