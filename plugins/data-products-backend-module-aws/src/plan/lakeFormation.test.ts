import { runSimulation } from '@cloud-copilot/iam-simulate';
import { resolveAwsProvisionerConfig } from '../config';
import type { AwsDesiredState, AwsRole } from '../model';
import { policyJson } from '../apply/policyDocuments';
import {
  dataset,
  DEV,
  grant,
  meshInput,
  product,
  PRD,
} from './__fixtures__/mesh';
import { resourcesFor, roleNamed } from './__fixtures__/policies';
import { planAwsDesiredState } from './planner';

const NOW = new Date('2025-06-01T00:00:00Z');
const lf = { accessControl: 'lake-formation' };
const lfBoth = resolveAwsProvisionerConfig({
  environments: { dev: lf, prd: lf },
});
const lfPrd = resolveAwsProvisionerConfig({ environments: { prd: lf } });
const iam = resolveAwsProvisionerConfig({});

function plan(
  config = lfBoth,
  overrides: Parameters<typeof meshInput>[0] = {},
): AwsDesiredState {
  return planAwsDesiredState(meshInput(overrides), config, { now: NOW });
}

const CHURN_PRD_CONSUMER =
  'arn:aws:iam::222222222222:role/meshport/meshport-churn-prd-consumer';

const policySize = (role: AwsRole) =>
  [...role.managedPolicies, ...role.inlinePolicies]
    .map(p => policyJson(p.document).replace(/\s+/g, '').length)
    .reduce((a, b) => a + b, 0);

/** `count` datasets of producers of 10 datasets each, all granted to churn in prd. */
function manyGrants(count: number): Parameters<typeof meshInput>[0] {
  const names = Array.from({ length: count }, (_, i) => `d${i}`);
  const producers = Array.from({ length: Math.ceil(count / 10) }, (_, i) =>
    product(`p${i}`, { environments: ['prd'] }),
  );
  return {
    environments: [PRD],
    products: [product('churn'), ...producers],
    datasets: names.map((name, i) =>
      dataset(name, `p${Math.floor(i / 10)}`, [
        {
          type: 's3',
          bucket: 'datalake',
          path: `p${Math.floor(i / 10)}/${name}/`,
        },
        { type: 'glue', database: `p${Math.floor(i / 10)}_db`, table: name },
      ]),
    ),
    grants: names.map(name => grant('churn', name, ['prd'])),
  };
}

describe('planAwsDesiredState in lake-formation mode', () => {
  it('gives no Lake Formation state in IAM mode (the default)', () => {
    expect(plan(iam).lakeFormation).toBeUndefined();
  });

  it('grants DESCRIBE on the database and SELECT+DESCRIBE on the table per granted dataset', () => {
    const prd = plan().lakeFormation!.find(e => e.environment === 'prd')!;
    const consumer = prd.permissions.filter(
      p => p.principal === CHURN_PRD_CONSUMER,
    );
    expect(
      consumer.map(p => [p.resource.database, p.resource.table, p.permissions]),
    ).toEqual([
      ['churn_db', undefined, ['DESCRIBE']],
      ['churn_db', 'scores', ['DESCRIBE', 'SELECT']],
      ['marketing_db', undefined, ['DESCRIBE']],
      // a whole-database output: every table of it
      ['marketing_db', '*', ['DESCRIBE', 'SELECT']],
      ['sales_db', undefined, ['DESCRIBE']],
      ['sales_db', 'orders', ['DESCRIBE', 'SELECT']],
    ]);
    expect(consumer.every(p => p.resource.catalogId === PRD.accountId)).toBe(
      true,
    );
  });

  it('gives the owner ALL on its own databases and the service role writes on its own tables', () => {
    const prd = plan().lakeFormation!.find(e => e.environment === 'prd')!;
    const of = (role: string) =>
      prd.permissions
        .filter(
          p =>
            p.principal ===
            `arn:aws:iam::222222222222:role/meshport/meshport-sales-prd-${role}`,
        )
        .map(p => [
          p.resource.dataLocation ??
            `${p.resource.database}.${p.resource.table ?? ''}`,
          p.permissions,
        ]);
    expect(of('owner')).toContainEqual(['sales_db.', ['ALL']]);
    expect(of('owner')).toContainEqual(['sales_db.*', ['ALL']]);
    expect(of('service')).toContainEqual([
      'sales_db.orders',
      ['ALTER', 'DELETE', 'DESCRIBE', 'INSERT', 'SELECT'],
    ]);
    expect(of('service')).toContainEqual([
      'arn:aws:s3:::meshport-prd-datalake/sales/orders',
      ['DATA_LOCATION_ACCESS'],
    ]);
    expect(of('service')).not.toContainEqual(['sales_db.', ['ALL']]);
    // The consumer role of the producer writes nothing.
    expect(
      of('consumer').filter(([, p]) => (p as string[]).includes('INSERT')),
    ).toEqual([]);
  });

  it('registers every dataset prefix with the configured role, and keeps IAMAllowedPrincipals off Meshport databases', () => {
    const registration = 'arn:aws:iam::222222222222:role/lf-registration';
    const state = plan(
      resolveAwsProvisionerConfig({
        environments: {
          prd: { ...lf, lakeFormation: { registrationRoleArn: registration } },
        },
      }),
    );
    const prd = state.lakeFormation!.find(e => e.environment === 'prd')!;
    expect(prd.resources.map(r => r.arn)).toEqual([
      'arn:aws:s3:::meshport-prd-archive/sales/internal',
      'arn:aws:s3:::meshport-prd-datalake/churn/scores',
      'arn:aws:s3:::meshport-prd-datalake/marketing/campaigns',
      'arn:aws:s3:::meshport-prd-datalake/sales/orders',
      'arn:aws:s3:::meshport-prd-datalake/sales/orders-archive',
    ]);
    expect(prd.resources.every(r => r.roleArn === registration)).toBe(true);
    expect(prd.databasesWithoutIamAllowedPrincipals).toEqual([
      'churn_db',
      'marketing_db',
      'sales_db',
    ]);
  });

  it('tags databases and tables with lowercase domain, classification and access', () => {
    const state = plan(lfBoth, {
      products: [
        product('sales', { domain: 'Commerce' }),
        product('marketing'),
        product('churn'),
      ],
      datasets: [
        dataset(
          'orders',
          'sales',
          [{ type: 'glue', database: 'sales_db', table: 'orders' }],
          'restricted',
          {
            schema: {
              columns: [
                { name: 'id', type: 'string', classification: 'internal' },
                { name: 'email', type: 'string', classification: 'pii' },
              ],
            },
          },
        ),
      ],
      grants: [],
    });
    const prd = state.lakeFormation!.find(e => e.environment === 'prd')!;
    expect(prd.resourceTags).toEqual([
      {
        resource: { catalogId: '222222222222', database: 'sales_db' },
        tags: { 'meshport:domain': 'commerce' },
      },
      {
        resource: {
          catalogId: '222222222222',
          database: 'sales_db',
          table: 'orders',
        },
        tags: {
          'meshport:access': 'restricted',
          'meshport:classification': 'pii',
          'meshport:domain': 'commerce',
        },
      },
    ]);
    expect(prd.lfTags).toEqual([
      { key: 'meshport:access', values: ['restricted'] },
      { key: 'meshport:classification', values: ['pii'] },
      { key: 'meshport:domain', values: ['commerce'] },
    ]);
  });

  it('reports more than 1,000 values of one LF-tag as a plan problem', () => {
    const products = Array.from({ length: 1001 }, (_, i) =>
      product(`p${i}`, { domain: `domain-${i}`, environments: ['prd'] }),
    );
    const state = plan(lfPrd, {
      environments: [PRD],
      products,
      datasets: products.map(p =>
        dataset(`${p.metadata.name}-data`, p.metadata.name, [
          { type: 'glue', database: `${p.metadata.name}_db`, table: 't' },
        ]),
      ),
      grants: [],
    });
    expect(state.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        environment: 'prd',
        message: expect.stringContaining(
          "LF-tag meshport:domain would have 1,001 values in account 222222222222, more than Lake Formation's 1,000",
        ),
      }),
    );
  });

  it('refuses tag values Lake Formation rejects', () => {
    const state = plan(lfPrd, {
      environments: [PRD],
      products: [product('sales', { domain: 'sales & marketing' })],
    });
    expect(state.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining(
          "LF-tag meshport:domain of 222222222222:sales_db would be 'sales & marketing'",
        ),
      }),
    );
  });

  it('gives the consumer a fixed IAM policy: LF data access, Glue catalog reads, its workgroup and results prefix', () => {
    const role = roleNamed(plan(), 'meshport-churn-prd-consumer');
    expect(resourcesFor(role, 'lakeformation:GetDataAccess')).toEqual(['*']);
    expect(resourcesFor(role, 's3:GetObject')).toEqual([
      'arn:aws:s3:::meshport-prd-datalake/products/churn/athena-results/*',
    ]);
    expect(resourcesFor(role, 'glue:GetTable')).toEqual([
      'arn:aws:glue:eu-west-1:222222222222:catalog',
      'arn:aws:glue:eu-west-1:222222222222:database/*',
      'arn:aws:glue:eu-west-1:222222222222:database/default',
      'arn:aws:glue:eu-west-1:222222222222:table/*/*',
    ]);
    expect(resourcesFor(role, 'athena:StartQueryExecution')).toEqual([
      'arn:aws:athena:eu-west-1:222222222222:workgroup/meshport-churn-prd',
    ]);
    // Grants are still listed on the role: the reconciler reports them.
    expect(role.grantedDatasets).toEqual([
      { dataset: 'dataset:default/campaigns', environment: 'prd' },
      { dataset: 'dataset:default/orders', environment: 'prd' },
    ]);
  });

  it('keeps the consumer policy the same size at 1 and at 5,000 grants, without a quota problem', () => {
    const one = plan(lfPrd, manyGrants(1));
    const many = plan(lfPrd, manyGrants(5000));
    const small = roleNamed(one, 'meshport-churn-prd-consumer');
    const large = roleNamed(many, 'meshport-churn-prd-consumer');
    expect(large.policyStatus).toBe('planned');
    expect(large.grantedDatasets).toHaveLength(5000);
    expect(policySize(large)).toBe(policySize(small));
    expect(many.problems.filter(p => p.severity === 'error')).toEqual([]);
    const prd = many.lakeFormation![0];
    expect(
      prd.permissions.filter(
        p => p.principal === CHURN_PRD_CONSUMER && p.resource.table,
      ),
    ).toHaveLength(5000);
  });

  it('in IAM mode the same 5,000 grants exceed IAM quotas', () => {
    const state = plan(iam, manyGrants(5000));
    expect(roleNamed(state, 'meshport-churn-prd-consumer').policyStatus).toBe(
      'quota-exceeded',
    );
  });

  it('warns that a dataset without a Glue output cannot be shared through Lake Formation', () => {
    const state = plan(lfPrd, {
      environments: [PRD],
      datasets: [
        dataset('raw', 'sales', [
          { type: 's3', bucket: 'datalake', path: 'sales/raw/' },
        ]),
      ],
      grants: [grant('churn', 'raw', ['prd'])],
    });
    expect(state.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining(
          'Dataset dataset:default/raw has no Glue output in prd, which grants through Lake Formation',
        ),
      }),
    );
    expect(
      resourcesFor(
        roleNamed(state, 'meshport-churn-prd-consumer'),
        's3:GetObject',
      ),
    ).not.toContain('arn:aws:s3:::meshport-prd-datalake/sales/raw/*');
  });

  it('grants dev roles of another account directly, with resource links and cross-account version 4', () => {
    const state = plan();
    const prd = state.lakeFormation!.find(e => e.environment === 'prd')!;
    const dev = state.lakeFormation!.find(e => e.environment === 'dev')!;
    const devConsumer =
      'arn:aws:iam::111111111111:role/meshport/meshport-churn-dev-consumer';
    expect(prd.crossAccountVersion).toBe('4');
    expect(
      prd.permissions
        .filter(p => p.principal === devConsumer)
        .map(p => `${p.resource.database}.${p.resource.table ?? ''}`),
    ).toEqual(['churn_db.', 'churn_db.scores', 'sales_db.', 'sales_db.orders']);
    expect(dev.resourceLinks).toEqual([
      {
        name: 'prd_churn_db',
        targetCatalogId: '222222222222',
        targetDatabase: 'churn_db',
        sourceEnvironment: 'prd',
      },
      {
        // marketing's own dev roles read its prd outputs
        name: 'prd_marketing_db',
        targetCatalogId: '222222222222',
        targetDatabase: 'marketing_db',
        sourceEnvironment: 'prd',
      },
      {
        name: 'prd_sales_db',
        targetCatalogId: '222222222222',
        targetDatabase: 'sales_db',
        sourceEnvironment: 'prd',
      },
    ]);
    expect(
      dev.permissions
        .filter(p => p.principal === devConsumer)
        .map(p => [p.resource.catalogId, p.resource.database, p.permissions]),
    ).toEqual(
      expect.arrayContaining([['111111111111', 'prd_sales_db', ['DESCRIBE']]]),
    );
    // Shared through RAM: no bucket or catalog policies for Lake Formation data.
    expect(state.resourcePolicies).toBeUndefined();
    expect(DEV.readsFrom).toEqual(['prd']);
  });
});

describe('least privilege in lake-formation mode (iam-simulate)', () => {
  async function decide(role: AwsRole, action: string, resource: string) {
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
          contextVariables: {},
        },
      } as any,
      {},
    );
    if (result.resultType === 'error') throw new Error(JSON.stringify(result));
    return result.overallResult;
  }

  it('the consumer policy allows nothing on S3 data by itself', async () => {
    const role = roleNamed(plan(), 'meshport-churn-prd-consumer');
    for (const object of [
      'arn:aws:s3:::meshport-prd-datalake/sales/orders/part-0.parquet',
      'arn:aws:s3:::meshport-prd-datalake/churn/scores/part-0.parquet',
      'arn:aws:s3:::meshport-prd-datalake/marketing/campaigns/x.csv',
    ]) {
      await expect(decide(role, 's3:GetObject', object)).resolves.toBe(
        'ImplicitlyDenied',
      );
      await expect(decide(role, 's3:PutObject', object)).resolves.toBe(
        'ImplicitlyDenied',
      );
    }
    await expect(
      decide(
        role,
        's3:GetObject',
        'arn:aws:s3:::meshport-prd-datalake/products/churn/athena-results/q.csv',
      ),
    ).resolves.toBe('Allowed');
    await expect(
      decide(role, 'lakeformation:GetDataAccess', '*'),
    ).resolves.toBe('Allowed');
    await expect(
      decide(
        role,
        'glue:UpdateTable',
        'arn:aws:glue:eu-west-1:222222222222:table/sales_db/orders',
      ),
    ).resolves.toBe('ImplicitlyDenied');
  });
});
