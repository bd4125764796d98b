/*
 * The reconcile against moto in server mode: real SDK clients, real HTTP,
 * an AWS nobody here wrote. Each environment is reached by assuming a role
 * in its own account, as in production.
 */
import {
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolesCommand,
  UntagRoleCommand,
} from '@aws-sdk/client-iam';
import { GetDatabasesCommand } from '@aws-sdk/client-glue';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { ProvisioningInput } from '@meshport/plugin-data-products-node';
import {
  AwsCallCounts,
  countingClients,
  createAwsClients,
  emptyCallCounts,
} from '../apply/clients';
import { parsePolicyDocument, samePolicy } from '../apply/policyDocuments';
import { DEV, PRD, reconcileInput } from '../apply/__fixtures__/reconcileMesh';
import { AwsProvisionerConfig, resolveAwsProvisionerConfig } from '../config';
import { AwsProvisioner } from '../provisioner';
import { dataset, product } from '../plan/__fixtures__/mesh';
import { MotoServer, startMoto, useMotoCredentials } from '../testing/moto';

jest.setTimeout(120_000);

let moto: MotoServer;
let restoreCredentials: () => void;

beforeAll(async () => {
  restoreCredentials = useMotoCredentials();
  moto = await startMoto({ port: 7210 });
});

afterAll(async () => {
  await moto?.stop();
  restoreCredentials?.();
});

const provisionerRole = (accountId: string) =>
  `arn:aws:iam::${accountId}:role/meshport-provisioner`;

/** A config reaching each environment through a role in `accountOf(env)`. */
function configFor(
  accountOf: Record<string, string>,
  extra: Partial<Parameters<typeof resolveAwsProvisionerConfig>[0]> = {},
): AwsProvisionerConfig {
  return resolveAwsProvisionerConfig({
    endpoint: moto.endpoint,
    ...extra,
    environments: Object.fromEntries(
      Object.entries(accountOf).map(([name, accountId]) => [
        name,
        {
          roleArn: provisionerRole(accountId),
          sessionName: `meshport-${name}`,
        },
      ]),
    ),
  });
}

async function reconcile(
  config: AwsProvisionerConfig,
  environments: MeshportEnvironment[],
  input: ProvisioningInput,
) {
  const counts: AwsCallCounts = emptyCallCounts();
  const provisioner = new AwsProvisioner({
    config,
    environments,
    clients: countingClients(counts),
  });
  const plan = await provisioner.plan(input);
  const actual = await provisioner.readActualState(plan);
  const operations = provisioner.diff(plan, actual);
  const results = await provisioner.apply(operations);
  return { plan, actual, operations, results, counts };
}

/** IAM of `accountId`, as someone with the account's provisioner role. */
function iamOf(accountId: string, config: AwsProvisionerConfig): IAMClient {
  const environment = { ...DEV, name: `x${accountId}`, accountId };
  return createAwsClients(environment, {
    ...config,
    environments: {
      [environment.name]: {
        credentials: { roleArn: provisionerRole(accountId) },
        trust: {},
      },
    },
  }).iam;
}

async function roleNames(iam: IAMClient): Promise<string[]> {
  const { Roles } = await iam.send(new ListRolesCommand({ MaxItems: 1000 }));
  return (Roles ?? []).map(r => r.RoleName!).sort();
}

const failed = (results: Array<{ status: string }>) =>
  results.filter(r => r.status !== 'succeeded');

describe('reconcile against moto', () => {
  it('creates each environment in its own account through assumed roles, and a second run writes nothing', async () => {
    const dev = { ...DEV, accountId: '100000000001' };
    const prd = { ...PRD, accountId: '100000000002' };
    const config = configFor({ dev: dev.accountId, prd: prd.accountId });
    const input = reconcileInput({ environments: [dev, prd] });

    const first = await reconcile(config, [dev, prd], input);
    expect(failed(first.results)).toEqual([]);
    expect(first.plan.problems.filter(p => p.severity === 'error')).toEqual([]);
    expect(first.counts.writes).toBeGreaterThan(0);

    for (const environment of [dev, prd]) {
      const planned = first.plan.desired.roles
        .filter(r => r.environment === environment.name)
        .map(r => r.name)
        .sort();
      expect(planned.length).toBeGreaterThan(0);
      // Exactly this environment's roles, in this environment's account.
      expect(await roleNames(iamOf(environment.accountId, config))).toEqual(
        planned,
      );
    }
    const glue = createAwsClients(prd, config).glue;
    const databases = await glue.send(new GetDatabasesCommand({}));
    expect(databases.DatabaseList?.map(d => d.Name).sort()).toEqual(
      first.plan.desired.glueDatabases
        .filter(d => d.environment === 'prd')
        .map(d => d.name)
        .sort(),
    );

    const second = await reconcile(config, [dev, prd], input);
    expect(second.operations).toEqual([]);
    expect(second.counts.writes).toBe(0);
  });

  it('keeps two environments of one account apart: neither deletes the other', async () => {
    const account = '100000000003';
    const dev = { ...DEV, accountId: account, readsFrom: [] };
    const test = { ...dev, name: 'test' };
    const config = configFor({ dev: account, test: account });
    // No Glue outputs: a Glue database name is one per account and region.
    const input = (environments: MeshportEnvironment[]): ProvisioningInput => ({
      environments,
      products: [product('sales'), product('churn')],
      datasets: [
        dataset('orders', 'sales', [
          { type: 's3', bucket: 'datalake', path: 'sales/orders/' },
        ]),
      ],
      grants: [],
    });

    const both = await reconcile(config, [dev, test], input([dev, test]));
    expect(failed(both.results)).toEqual([]);
    const everything = await roleNames(iamOf(account, config));
    expect(everything.filter(n => n.includes('-dev-'))).toHaveLength(6);
    expect(everything.filter(n => n.includes('-test-'))).toHaveLength(6);

    // A run that knows only test must not take dev's roles for its own.
    const testOnly = await reconcile(config, [test], input([test]));
    expect(testOnly.operations).toEqual([]);
    expect(testOnly.counts.writes).toBe(0);
    expect(testOnly.actual.roles.every(r => r.environment === 'test')).toBe(
      true,
    );
    expect(await roleNames(iamOf(account, config))).toEqual(everything);
  });

  it('refuses an environment whose credentials are of another account, before any write', async () => {
    const dev = { ...DEV, accountId: '100000000004' };
    const prd = { ...PRD, accountId: '100000000005' };
    // prd's role is in a third account: a copy-paste slip in the config.
    const config = configFor({ dev: dev.accountId, prd: '100000000006' });
    const run = await reconcile(
      config,
      [dev, prd],
      reconcileInput({
        environments: [dev, prd],
      }),
    );
    expect(run.actual.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        environment: 'prd',
        message: expect.stringContaining(
          'Environment prd is account 100000000005, but its credentials are of account 100000000006',
        ),
      }),
    ]);
    expect(run.operations.filter(o => o.environment === 'prd')).toEqual([]);
    expect(failed(run.results)).toEqual([]);
    expect(await roleNames(iamOf('100000000006', config))).toEqual([]);
    expect(await roleNames(iamOf('100000000005', config))).toEqual([]);
    expect((await roleNames(iamOf(dev.accountId, config))).length).toBe(9);
  });

  it('repairs drift (a policy edited, an inline policy deleted, a tag removed) and leaves an unmanaged role alone', async () => {
    const dev = { ...DEV, accountId: '100000000007' };
    const prd = { ...PRD, accountId: '100000000008' };
    const config = configFor({ dev: dev.accountId, prd: prd.accountId });
    const input = reconcileInput({ environments: [dev, prd] });
    const first = await reconcile(config, [dev, prd], input);
    expect(failed(first.results)).toEqual([]);
    const iam = iamOf(dev.accountId, config);

    const consumer = first.plan.desired.roles.find(
      r => r.name === 'meshport-churn-dev-consumer',
    )!;
    expect(consumer).toBeDefined();
    const managed = consumer.managedPolicies[0];
    const inline = consumer.inlinePolicies[0];
    expect(managed).toBeDefined();
    expect(inline).toBeDefined();
    // By hand: a wider policy version, a deleted inline policy, a lost tag,
    // and a role of someone else's under Meshport's path.
    await iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: managed.arn,
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        }),
        SetAsDefault: true,
      }),
    );
    await iam.send(
      new DeleteRolePolicyCommand({
        RoleName: consumer.name,
        PolicyName: inline.name,
      }),
    );
    await iam.send(
      new UntagRoleCommand({
        RoleName: consumer.name,
        TagKeys: ['meshport:data-product'],
      }),
    );
    const foreignTrust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${dev.accountId}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'meshport-legacy-dev-consumer',
        Path: '/meshport/',
        AssumeRolePolicyDocument: foreignTrust,
        Tags: [{ Key: 'team', Value: 'legacy' }],
      }),
    );

    const repair = await reconcile(config, [dev, prd], input);
    expect(failed(repair.results)).toEqual([]);
    expect(repair.counts.writes).toBeGreaterThan(0);

    const { Policy } = await iam.send(
      new GetPolicyCommand({ PolicyArn: managed.arn }),
    );
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({
        PolicyArn: managed.arn,
        VersionId: Policy!.DefaultVersionId!,
      }),
    );
    expect(
      samePolicy(
        parsePolicyDocument(PolicyVersion!.Document!),
        managed.document,
      ),
    ).toBe(true);
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({
        RoleName: consumer.name,
        PolicyName: inline.name,
      }),
    );
    expect(
      samePolicy(parsePolicyDocument(PolicyDocument!), inline.document),
    ).toBe(true);
    const { Role } = await iam.send(
      new GetRoleCommand({ RoleName: consumer.name }),
    );
    expect(Role!.Tags).toContainEqual({
      Key: 'meshport:data-product',
      Value: consumer.dataProduct,
    });
    const { Role: foreign } = await iam.send(
      new GetRoleCommand({ RoleName: 'meshport-legacy-dev-consumer' }),
    );
    expect(foreign!.Tags).toEqual([{ Key: 'team', Value: 'legacy' }]);
    expect(
      repair.operations.filter(o =>
        JSON.stringify(o).includes('meshport-legacy'),
      ),
    ).toEqual([]);

    const again = await reconcile(config, [dev, prd], input);
    expect(again.counts.writes).toBe(0);
  });
});
