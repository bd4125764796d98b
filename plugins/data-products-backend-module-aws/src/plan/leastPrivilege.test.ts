/*
 * Least privilege, checked with a real IAM policy evaluator
 * (@cloud-copilot/iam-simulate) against the planned identity policies. The
 * resource account is the role's own, so these tests judge the identity side
 * alone (cross-account bucket and catalog policies are a separate concern).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { resolveAwsProvisionerConfig } from '../config';
import type { AwsDesiredState, AwsRole } from '../model';
import { DEV, meshInput, PRD } from './__fixtures__/mesh';
import { expandAction, iamActions } from './__fixtures__/iamActions';
import { roleNamed, serviceOfArn, statementsOf } from './__fixtures__/policies';
import { ATHENA_WORKGROUP_ACTIONS, GLUE_READ_ACTIONS } from './permissions';
import { planAwsDesiredState } from './planner';

const NOW = new Date('2025-06-01T00:00:00Z');
const config = resolveAwsProvisionerConfig({});

const DEV_LAKE = 'arn:aws:s3:::meshport-dev-datalake';
const PRD_LAKE = 'arn:aws:s3:::meshport-prd-datalake';
const PRD_ARCHIVE = 'arn:aws:s3:::meshport-prd-archive';
const prdGlue = (resource: string) =>
  `arn:aws:glue:eu-west-1:222222222222:${resource}`;
const devGlue = (resource: string) =>
  `arn:aws:glue:eu-west-1:111111111111:${resource}`;

type Context = Record<string, string | string[]>;

async function decide(
  role: AwsRole,
  action: string,
  resource: string,
  contextVariables: Context = {},
): Promise<string> {
  const result = await runSimulation(
    {
      identityPolicies: [...role.inlinePolicies, ...role.managedPolicies].map(
        p => ({ name: p.name, policy: p.document }),
      ),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action,
        principal: role.arn,
        resource: { accountId: role.accountId, resource },
        contextVariables,
      },
    } as any,
    {},
  );
  if (result.resultType === 'error') {
    throw new Error(
      `Simulation of ${action} on ${resource} failed: ${JSON.stringify(
        result.errors,
      )}`,
    );
  }
  return result.overallResult;
}

async function allowed(
  role: AwsRole,
  action: string,
  resource: string,
  context?: Context,
): Promise<boolean> {
  return (await decide(role, action, resource, context)) === 'Allowed';
}

let state: AwsDesiredState;
beforeAll(() => {
  state = planAwsDesiredState(meshInput(), config, { now: NOW });
});

describe('consumer role', () => {
  let consumer: AwsRole;
  beforeAll(() => {
    consumer = roleNamed(state, 'meshport-churn-prd-consumer');
  });

  it.each([
    [
      'granted dataset',
      `${PRD_LAKE}/sales/orders/year=2025/part-0.parquet`,
      true,
    ],
    [
      'granted whole-database dataset',
      `${PRD_LAKE}/marketing/campaigns/a.csv`,
      true,
    ],
    ['own output', `${PRD_LAKE}/churn/scores/part-0.parquet`, true],
    [
      'prefix sibling orders-archive/',
      `${PRD_LAKE}/sales/orders-archive/part-0.parquet`,
      false,
    ],
    ['prefix sibling without slash', `${PRD_LAKE}/sales/orders.csv`, false],
    ['parent prefix', `${PRD_LAKE}/sales/readme.txt`, false],
    [
      'private dataset of another product',
      `${PRD_ARCHIVE}/sales/internal/x.parquet`,
      false,
    ],
    ['another product workspace', `${PRD_LAKE}/products/sales/tmp.csv`, false],
    [
      'dev data (prd does not read dev)',
      `${DEV_LAKE}/sales/orders/part-0.parquet`,
      false,
    ],
  ])('s3:GetObject on %s: %s', async (_what, resource, expected) => {
    expect(await allowed(consumer, 's3:GetObject', resource)).toBe(expected);
  });

  it.each([
    `${PRD_LAKE}/churn/scores/part-0.parquet`,
    `${PRD_LAKE}/sales/orders/part-0.parquet`,
    `${PRD_LAKE}/marketing/campaigns/a.csv`,
    `${PRD_LAKE}/products/churn/scratch.csv`,
  ])(
    'writes nothing: s3:PutObject and s3:DeleteObject denied on %s',
    async resource => {
      expect(await allowed(consumer, 's3:PutObject', resource)).toBe(false);
      expect(await allowed(consumer, 's3:DeleteObject', resource)).toBe(false);
    },
  );

  it('writes only its Athena query results', async () => {
    expect(
      await allowed(
        consumer,
        's3:PutObject',
        `${PRD_LAKE}/products/churn/athena-results/q1.csv`,
      ),
    ).toBe(true);
  });

  it.each([
    ['table/sales_db/orders', true],
    ['table/marketing_db/campaigns', true],
    ['table/churn_db/scores', true],
    ['table/sales_db/orders_archive', false],
    ['table/churn_db/staging_scores', false],
    ['table/finance_db/ledger', false],
  ])('glue:GetTable on %s: %s', async (table, expected) => {
    expect(await allowed(consumer, 'glue:GetTable', prdGlue(table))).toBe(
      expected,
    );
  });

  it('changes no Glue metadata', async () => {
    expect(
      await allowed(
        consumer,
        'glue:UpdateTable',
        prdGlue('table/churn_db/scores'),
      ),
    ).toBe(false);
    expect(
      await allowed(consumer, 'glue:CreateTable', prdGlue('database/churn_db')),
    ).toBe(false);
    expect(
      await allowed(
        consumer,
        'glue:DeleteDatabase',
        prdGlue('database/churn_db'),
      ),
    ).toBe(false);
  });

  it.each([
    ['sales/orders/', true],
    ['sales/orders/year=2025/', true],
    ['sales/orders-archive/', false],
    ['sales/', false],
    ['', false],
  ])('s3:ListBucket with prefix %j: %s', async (prefix, expected) => {
    expect(
      await allowed(consumer, 's3:ListBucket', PRD_LAKE, {
        's3:prefix': prefix,
      }),
    ).toBe(expected);
  });

  it('queries only in its own workgroup', async () => {
    const wg = (name: string) =>
      `arn:aws:athena:eu-west-1:222222222222:workgroup/${name}`;
    expect(
      await allowed(
        consumer,
        'athena:StartQueryExecution',
        wg('meshport-churn-prd'),
      ),
    ).toBe(true);
    expect(
      await allowed(
        consumer,
        'athena:StartQueryExecution',
        wg('meshport-sales-prd'),
      ),
    ).toBe(false);
    expect(
      await allowed(consumer, 'athena:StartQueryExecution', wg('primary')),
    ).toBe(false);
  });

  it('publishes no metrics', async () => {
    expect(
      await allowed(consumer, 'cloudwatch:PutMetricData', '*', {
        'cloudwatch:namespace': 'Meshport/churn',
      }),
    ).toBe(false);
  });
});

describe('service role', () => {
  let service: AwsRole;
  beforeAll(() => {
    service = roleNamed(state, 'meshport-churn-prd-service');
  });

  it.each([
    [`${PRD_LAKE}/churn/scores/part-0.parquet`, true],
    [`${PRD_LAKE}/products/churn/staging/x.parquet`, true],
    [`${PRD_LAKE}/sales/orders/part-0.parquet`, false],
    [`${PRD_LAKE}/churn/scores-v2/part-0.parquet`, false],
    [`${PRD_LAKE}/products/sales/x.parquet`, false],
  ])('s3:PutObject on %s: %s', async (resource, expected) => {
    expect(await allowed(service, 's3:PutObject', resource)).toBe(expected);
    expect(await allowed(service, 's3:DeleteObject', resource)).toBe(expected);
  });

  it('reads its granted inputs', async () => {
    expect(
      await allowed(
        service,
        's3:GetObject',
        `${PRD_LAKE}/sales/orders/p.parquet`,
      ),
    ).toBe(true);
    expect(
      await allowed(
        service,
        'glue:GetPartitions',
        prdGlue('table/sales_db/orders'),
      ),
    ).toBe(true);
  });

  it('writes tables only in its own database', async () => {
    expect(
      await allowed(
        service,
        'glue:CreateTable',
        prdGlue('table/churn_db/new_scores'),
      ),
    ).toBe(true);
    expect(
      await allowed(
        service,
        'glue:BatchCreatePartition',
        prdGlue('table/churn_db/scores'),
      ),
    ).toBe(true);
    expect(
      await allowed(
        service,
        'glue:CreateTable',
        prdGlue('table/sales_db/evil'),
      ),
    ).toBe(false);
    expect(
      await allowed(
        service,
        'glue:UpdateTable',
        prdGlue('table/sales_db/orders'),
      ),
    ).toBe(false);
    expect(
      await allowed(
        service,
        'glue:UpdateDatabase',
        prdGlue('database/churn_db'),
      ),
    ).toBe(false);
  });

  it('publishes metrics only in its own namespace', async () => {
    expect(
      await allowed(service, 'cloudwatch:PutMetricData', '*', {
        'cloudwatch:namespace': 'Meshport/churn',
      }),
    ).toBe(true);
    expect(
      await allowed(service, 'cloudwatch:PutMetricData', '*', {
        'cloudwatch:namespace': 'Meshport/sales',
      }),
    ).toBe(false);
    expect(await allowed(service, 'cloudwatch:PutMetricData', '*')).toBe(false);
  });
});

describe('owner role', () => {
  it('manages its own Glue databases and no other', async () => {
    const owner = roleNamed(state, 'meshport-sales-prd-owner');
    expect(
      await allowed(owner, 'glue:UpdateDatabase', prdGlue('database/sales_db')),
    ).toBe(true);
    expect(
      await allowed(owner, 'glue:DeleteDatabase', prdGlue('database/sales_db')),
    ).toBe(true);
    expect(
      await allowed(
        owner,
        'glue:CreatePartitionIndex',
        prdGlue('table/sales_db/orders'),
      ),
    ).toBe(true);
    expect(
      await allowed(owner, 'glue:UpdateDatabase', prdGlue('database/churn_db')),
    ).toBe(false);
    expect(
      await allowed(
        owner,
        'glue:DeleteDatabase',
        prdGlue('database/marketing_db'),
      ),
    ).toBe(false);
    expect(
      await allowed(
        owner,
        'glue:DeleteTable',
        prdGlue('table/churn_db/scores'),
      ),
    ).toBe(false);
    expect(
      await allowed(owner, 's3:PutObject', `${PRD_LAKE}/churn/scores/x`),
    ).toBe(false);
  });
});

describe('cross-environment reads', () => {
  it('lets dev roles read prd data only when dev reads from prd', async () => {
    const dev = roleNamed(state, 'meshport-churn-dev-consumer');
    expect(
      await allowed(dev, 's3:GetObject', `${PRD_LAKE}/sales/orders/p.parquet`),
    ).toBe(true);
    expect(
      await allowed(dev, 'glue:GetTable', prdGlue('table/sales_db/orders')),
    ).toBe(true);
    expect(
      await allowed(dev, 's3:GetObject', `${DEV_LAKE}/sales/orders/p.parquet`),
    ).toBe(true);
    expect(
      await allowed(dev, 'glue:GetTable', devGlue('table/sales_db/orders')),
    ).toBe(true);
    // campaigns is granted for prd only
    expect(
      await allowed(
        dev,
        's3:GetObject',
        `${PRD_LAKE}/marketing/campaigns/a.csv`,
      ),
    ).toBe(false);
    expect(
      await allowed(dev, 's3:PutObject', `${PRD_LAKE}/churn/scores/p.parquet`),
    ).toBe(false);

    const isolated = planAwsDesiredState(
      meshInput({ environments: [{ ...DEV, readsFrom: [] }, PRD] }),
      config,
      { now: NOW },
    );
    const devIsolated = roleNamed(isolated, 'meshport-churn-dev-consumer');
    expect(
      await allowed(
        devIsolated,
        's3:GetObject',
        `${PRD_LAKE}/sales/orders/p.parquet`,
      ),
    ).toBe(false);
    expect(
      await allowed(
        devIsolated,
        'glue:GetTable',
        prdGlue('table/sales_db/orders'),
      ),
    ).toBe(false);
  });
});

/** The simulator's verdict, with `error` for a resource the action cannot take. */
async function outcome(
  policies: Array<{ name: string; document: unknown }>,
  role: AwsRole,
  action: string,
  resource: string,
): Promise<string> {
  const result = await runSimulation(
    {
      identityPolicies: policies.map(p => ({
        name: p.name,
        policy: p.document,
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action,
        principal: role.arn,
        resource: { accountId: role.accountId, resource },
        contextVariables: {},
      },
    } as any,
    {},
  );
  if (result.resultType === 'error') {
    const { message } = result.errors as { message?: string };
    if (message === 'invalid.action') throw new Error(`${action} is no action`);
    return 'error';
  }
  return result.overallResult;
}

const policiesOf = (role: AwsRole) => [
  ...role.inlinePolicies,
  ...role.managedPolicies,
];

/** A resource's type for grouping (`s3 object`, `glue table`, ...). */
function resourceType(resource: string): string {
  if (resource === '*') return '*';
  const [, , service, , , rest] = resource.split(':');
  if (service === 's3') return rest.includes('/') ? 's3 object' : 's3 bucket';
  return `${service} ${rest.split('/')[0]}`;
}

describe('every planned statement', () => {
  it('uses only real IAM actions, each with a resource of a type it supports', async () => {
    const checked = new Set<string>();
    for (const role of state.roles) {
      for (const statement of statementsOf(role)) {
        for (const pattern of statement.Action) {
          const expanded = expandAction(pattern);
          expect({ pattern, known: expanded.length > 0 }).toEqual({
            pattern,
            known: true,
          });
          // A wildcard may match actions that take no resource of this
          // statement (they are then not granted); one of them must apply.
          // Actions named without a wildcard must each apply.
          const applying: string[] = [];
          for (const action of expanded) {
            const service = action.split(':')[0];
            const resources = (statement.Resource ?? []).filter(
              r => r === '*' || serviceOfArn(r) === service,
            );
            const key = `${action} ${[...new Set(resources.map(resourceType))]
              .sort()
              .join()}`;
            let ok = checked.has(key);
            for (const resource of ok ? [] : resources) {
              const single = [
                {
                  name: 'p',
                  document: { Version: '2012-10-17', Statement: [statement] },
                },
              ];
              if ((await outcome(single, role, action, resource)) !== 'error') {
                ok = true;
                checked.add(key);
                break;
              }
            }
            if (ok) applying.push(action);
          }
          const wildcard = pattern.includes('*');
          expect({
            pattern,
            applies: wildcard ? applying.length > 0 : applying,
          }).toEqual({ pattern, applies: wildcard ? true : [pattern] });
        }
      }
    }
    expect(checked.size).toBeGreaterThan(40);
  });

  it('names several services in one statement without one service reaching into another', async () => {
    let shared = 0;
    for (const role of state.roles) {
      for (const statement of statementsOf(role)) {
        const services = new Set(
          (statement.Resource ?? []).map(r => serviceOfArn(r) ?? r),
        );
        if (services.size < 2) continue;
        shared++;
        const single = [
          {
            name: 'p',
            document: { Version: '2012-10-17', Statement: [statement] },
          },
        ];
        for (const pattern of statement.Action) {
          const [action] = expandAction(pattern);
          const service = action.split(':')[0];
          for (const resource of statement.Resource ?? []) {
            if (serviceOfArn(resource) === service) continue;
            expect({
              action,
              resource,
              result: await outcome(single, role, action, resource),
            }).toEqual({
              action,
              resource,
              result: expect.not.stringMatching(/^Allowed$/),
            });
          }
        }
      }
    }
    expect(shared).toBeGreaterThan(0);
  });
});

describe('every action IAM knows', () => {
  // The consumer of churn in prd: granted prd orders (sales_db) and campaigns.
  const ORDERS_OBJECT = `${PRD_LAKE}/sales/orders/part-0.parquet`;
  const READ_ON_GLUE = GLUE_READ_ACTIONS.flatMap(expandAction);
  const QUERY_IN_WORKGROUP = ATHENA_WORKGROUP_ACTIONS.flatMap(expandAction);

  async function allowedActions(
    role: AwsRole,
    service: string,
    resource: string,
  ): Promise<string[]> {
    const result: string[] = [];
    for (const { action } of iamActions(service)) {
      const verdict = await outcome(policiesOf(role), role, action, resource);
      if (verdict === 'Allowed') result.push(action);
    }
    return result.sort();
  }

  it.each([
    ['table', prdGlue('table/sales_db/orders'), ['table']],
    ['database', prdGlue('database/sales_db'), ['database']],
    // IAM's catalogue calls the account's catalog ARN `rootcatalog` for some actions
    ['catalog', prdGlue('catalog'), ['catalog', 'rootcatalog']],
  ])(
    'lets the consumer call on a granted Glue %s exactly the documented reads',
    async (_, resource, types) => {
      const consumer = roleNamed(state, 'meshport-churn-prd-consumer');
      const expected = iamActions('glue')
        .filter(
          a =>
            READ_ON_GLUE.includes(a.action) &&
            a.resourceTypes.some(t => types.includes(t)),
        )
        .map(a => a.action)
        .sort();
      expect(expected.length).toBeGreaterThan(1);
      expect(await allowedActions(consumer, 'glue', resource)).toEqual(
        expected,
      );
    },
  );

  it('lets the consumer call nothing on a Glue table it was not granted', async () => {
    const consumer = roleNamed(state, 'meshport-churn-prd-consumer');
    expect(
      await allowedActions(
        consumer,
        'glue',
        prdGlue('table/sales_db/orders_archive'),
      ),
    ).toEqual([]);
  });

  it('lets the consumer only read a granted object', async () => {
    const consumer = roleNamed(state, 'meshport-churn-prd-consumer');
    expect(await allowedActions(consumer, 's3', ORDERS_OBJECT)).toEqual([
      's3:GetObject',
    ]);
  });

  it('lets the consumer do in its workgroup exactly the documented queries', async () => {
    const consumer = roleNamed(state, 'meshport-churn-prd-consumer');
    const queries = await allowedActions(
      consumer,
      'athena',
      'arn:aws:athena:eu-west-1:222222222222:workgroup/meshport-churn-prd',
    );
    const expected = iamActions('athena')
      .filter(
        a =>
          QUERY_IN_WORKGROUP.includes(a.action) &&
          a.resourceTypes.includes('workgroup'),
      )
      .map(a => a.action)
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    expect(queries).toEqual(expected);
  });
});
