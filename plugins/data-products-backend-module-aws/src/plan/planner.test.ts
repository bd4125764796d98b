import { resolveAwsProvisionerConfig } from '../config';
import { AwsDesiredState } from '../model';
import {
  dataset,
  DEV,
  grant,
  meshInput,
  product,
  PRD,
} from './__fixtures__/mesh';
import {
  listablePrefixes,
  resourcesFor,
  roleNamed,
  statementsOf,
} from './__fixtures__/policies';
import { planAwsDesiredState } from './planner';

const NOW = new Date('2025-06-01T00:00:00Z');
const config = resolveAwsProvisionerConfig({});

function plan(
  overrides: Parameters<typeof meshInput>[0] = {},
  cfg = config,
): AwsDesiredState {
  return planAwsDesiredState(meshInput(overrides), cfg, { now: NOW });
}

const glue = (account: string, resource: string) =>
  `arn:aws:glue:eu-west-1:${account}:${resource}`;

describe('planAwsDesiredState: the smaller things IAM, Glue and Athena insist on', () => {
  it('plans Glue names in lower case, as Glue stores them and IAM matches them', () => {
    const state = planAwsDesiredState(
      {
        environments: meshInput().environments,
        products: [product('sales')],
        datasets: [
          dataset('orders', 'sales', [
            { type: 'glue', database: 'Sales_DB', table: 'Orders' },
          ]),
        ],
        grants: [],
      },
      config,
      { now: NOW },
    );
    expect(state.glueDatabases.map(d => d.name)).toEqual(['sales_db', 'sales_db']);
    expect(
      resourcesFor(roleNamed(state, 'meshport-sales-prd-consumer'), 'glue:GetTable'),
    ).toContain(glue('222222222222', 'table/sales_db/orders'));
  });

  it('lets only the first of two environments sharing a Glue catalog manage a database, and says why', () => {
    const [dev, prd] = meshInput().environments;
    const shared = { ...prd, name: 'test', accountId: dev.accountId, region: dev.region, readsFrom: [] };
    const state = planAwsDesiredState(
      {
        environments: [{ ...dev, readsFrom: [] }, shared],
        products: [product('sales')],
        datasets: [
          dataset('orders', 'sales', [
            { type: 'glue', database: 'sales_db', table: 'orders' },
          ]),
        ],
        grants: [],
      },
      config,
      { now: NOW },
    );
    expect(state.glueDatabases.map(d => d.environment)).toEqual(['dev']);
    expect(state.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        environment: 'test',
        message: expect.stringContaining(
          'Glue database sales_db is planned in environments dev and test, which share the Glue catalog of account 111111111111 in eu-west-1',
        ),
      }),
    );
    // Roles and workgroups carry the environment in their names: no clash.
    expect(state.roles.filter(r => r.environment === 'test')).toHaveLength(3);
  });

  it("warns when a trust policy is longer than IAM's default 2,048 characters", () => {
    const many = Array.from(
      { length: 40 },
      (_, i) => `arn:aws:iam::333333333333:role/analyst-with-a-long-name-${i}`,
    );
    const state = plan(
      {},
      resolveAwsProvisionerConfig({
        trust: { consumer: { accountPrincipals: many } },
      }),
    );
    expect(state.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        role: 'meshport-churn-prd-consumer',
        message: expect.stringContaining(
          "more than IAM's default quota of 2,048 (AssumeRolePolicySizeQuota)",
        ),
      }),
    );
    expect(
      state.problems.some(p => p.role === 'meshport-churn-prd-service'),
    ).toBe(false);
  });

  it('lets Athena consoles and drivers list databases and read table metadata', () => {
    const role = roleNamed(plan(), 'meshport-churn-prd-consumer');
    for (const action of [
      'athena:ListDatabases',
      'athena:GetTableMetadata',
      'athena:ListTableMetadata',
      'athena:GetDatabase',
    ]) {
      expect(resourcesFor(role, action)).toEqual([
        'arn:aws:athena:eu-west-1:222222222222:datacatalog/AwsDataCatalog',
      ]);
    }
    expect(resourcesFor(role, 'glue:GetDatabase')).toContain(
      glue('222222222222', 'database/default'),
    );
  });
});

describe('planAwsDesiredState: roles', () => {
  it('creates consumer, service and owner roles per product and listed environment', () => {
    const state = plan();
    const names = state.roles.map(r => r.name);
    expect(names.filter(n => n.startsWith('meshport-churn-'))).toEqual([
      'meshport-churn-dev-consumer',
      'meshport-churn-dev-service',
      'meshport-churn-dev-owner',
      'meshport-churn-prd-consumer',
      'meshport-churn-prd-service',
      'meshport-churn-prd-owner',
    ]);
    // finance lists prd only
    expect(names.filter(n => n.includes('-finance-'))).toEqual([
      'meshport-finance-prd-consumer',
      'meshport-finance-prd-service',
      'meshport-finance-prd-owner',
    ]);
    expect(state.roles).toHaveLength(3 * (3 * 2 + 1));
  });

  it('gives each role its ARN, path, tags, session length and purpose', () => {
    const role = roleNamed(plan(), 'meshport-churn-prd-service');
    expect(role).toMatchObject({
      arn: 'arn:aws:iam::222222222222:role/meshport/meshport-churn-prd-service',
      path: '/meshport/',
      environment: 'prd',
      accountId: '222222222222',
      dataProduct: 'dataproduct:default/churn',
      kind: 'service',
      maxSessionDuration: 3600,
      policyStatus: 'planned',
      tags: {
        'meshport:managed': 'true',
        'meshport:data-product': 'dataproduct:default/churn',
        'meshport:environment': 'prd',
        'meshport:role': 'service',
      },
    });
    expect(role.purpose).toContain(
      'service role of data product dataproduct:default/churn in prd',
    );
    expect(role.permissionsBoundaryArn).toBeUndefined();
  });

  it('sets the permissions boundary and the configured prefix and path', () => {
    const cfg = resolveAwsProvisionerConfig({
      rolePrefix: 'dp',
      rolePath: '/data/products/',
      permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary',
    });
    const role = roleNamed(plan({}, cfg), 'dp-sales-dev-owner');
    expect(role.arn).toBe(
      'arn:aws:iam::111111111111:role/data/products/dp-sales-dev-owner',
    );
    expect(role.permissionsBoundaryArn).toBe(
      'arn:aws:iam::111111111111:policy/boundary',
    );
    expect(role.inlinePolicies[0].name).toBe('dp-sales-dev-owner-inline');
  });

  it('keeps role names within 64 characters with a stable hash for long product names', () => {
    const long = 'customer-lifetime-value-and-churn-propensity-scores';
    const state = plan({
      products: [product(long), product(`${long}-v2`)],
      datasets: [],
      grants: [],
    });
    const names = state.roles.map(r => r.name);
    expect(names.every(n => n.length <= 64)).toBe(true);
    const consumers = names.filter(n => n.endsWith('-dev-consumer'));
    expect(consumers).toHaveLength(2);
    expect(new Set(consumers).size).toBe(2);
    expect(consumers[0]).toMatch(
      /^meshport-customer-lifetime-value-and-[a-z-]*-[0-9a-f]{8}-dev-consumer$/,
    );
    // The three roles of a product share the product part.
    const parts = names
      .filter(n => n.includes('-dev-'))
      .map(n => n.replace(/-dev-(consumer|service|owner)$/, ''));
    expect(new Set(parts).size).toBe(2);
    expect(
      plan({ products: [product(long)], datasets: [], grants: [] }).roles[0]
        .name,
    ).toBe(consumers[0]);
  });

  it('prefixes the product name with its namespace outside the default namespace', () => {
    const state = plan({
      products: [product('orders', {}, 'sales')],
      datasets: [],
      grants: [],
    });
    expect(state.roles[0].name).toBe('meshport-sales-orders-dev-consumer');
    expect(state.roles[0].dataProduct).toBe('dataproduct:sales/orders');
  });

  it('skips retired products', () => {
    const state = plan({
      products: [product('sales', { lifecycle: 'retired' })],
      datasets: [],
      grants: [],
    });
    expect(state.roles).toEqual([]);
  });

  it('warns about environments a product lists that are not configured', () => {
    const state = plan({
      products: [product('sales', { environments: ['dev', 'qa'] })],
      datasets: [],
      grants: [],
    });
    expect(state.roles.map(r => r.environment)).toEqual(['dev', 'dev', 'dev']);
    expect(state.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        dataProduct: 'dataproduct:default/sales',
        message: expect.stringContaining('environment qa'),
      }),
    ]);
  });
});

describe('planAwsDesiredState: trust policies', () => {
  it('trusts the own account when nothing is configured', () => {
    const role = roleNamed(plan(), 'meshport-sales-dev-consumer');
    expect(role.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AssumeFromAccount',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111111111111:root'] },
          Action: ['sts:AssumeRole'],
        },
      ],
    });
  });

  it('builds account, SSO and OIDC statements from config, per role kind', () => {
    const cfg = resolveAwsProvisionerConfig({
      trust: {
        consumer: {
          accountPrincipals: [
            '333333333333',
            'arn:aws:iam::333333333333:role/analyst',
          ],
          ssoRoleArns: [
            'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Analyst_*',
          ],
        },
        service: {
          oidc: {
            providerArn:
              'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
            audience: 'sts.amazonaws.com',
            subjects: [
              'repo:acme/{product}:ref:refs/heads/main',
              'repo:acme/{product}:environment:{environment}',
            ],
          },
        },
      },
      // prd is another account: its pipelines come through its own provider
      environments: {
        prd: {
          trust: {
            service: {
              oidc: {
                providerArn:
                  'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
                audience: 'sts.amazonaws.com',
                subjects: [
                  'repo:acme/{product}:ref:refs/heads/main',
                  'repo:acme/{product}:environment:{environment}',
                ],
              },
            },
          },
        },
      },
    });
    const state = plan({}, cfg);
    expect(
      roleNamed(state, 'meshport-sales-dev-consumer').trustPolicy.Statement,
    ).toEqual([
      {
        Sid: 'AssumeFromPrincipals',
        Effect: 'Allow',
        Principal: {
          AWS: [
            'arn:aws:iam::333333333333:role/analyst',
            'arn:aws:iam::333333333333:root',
          ],
        },
        Action: ['sts:AssumeRole'],
      },
      {
        Sid: 'AssumeFromSso',
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::111111111111:root'] },
        Action: ['sts:AssumeRole'],
        Condition: {
          ArnLike: {
            'aws:PrincipalArn': [
              'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Analyst_*',
            ],
          },
        },
      },
    ]);
    expect(
      roleNamed(state, 'meshport-sales-prd-service').trustPolicy.Statement,
    ).toEqual([
      {
        Sid: 'AssumeFromPipelines',
        Effect: 'Allow',
        Principal: {
          Federated:
            'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
        },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          },
          StringLike: {
            'token.actions.githubusercontent.com:sub': [
              'repo:acme/sales:ref:refs/heads/main',
              'repo:acme/sales:environment:prd',
            ],
          },
        },
      },
    ]);
    // owner has no trust config: own account
    expect(
      roleNamed(state, 'meshport-sales-prd-owner').trustPolicy.Statement[0].Sid,
    ).toBe('AssumeFromAccount');
  });

  it("uses global boundary, SSO roles and OIDC provider only in their own account, and says so", () => {
    const cfg = resolveAwsProvisionerConfig({
      permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary',
      trust: {
        consumer: {
          ssoRoleArns: [
            'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Analyst_*',
          ],
        },
        service: {
          oidc: {
            providerArn:
              'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
            audience: 'sts.amazonaws.com',
            subjects: ['repo:acme/{product}:*'],
          },
        },
      },
      environments: {
        prd: { permissionsBoundaryArn: 'arn:aws:iam::222222222222:policy/b' },
      },
    });
    const state = plan({}, cfg);
    const dev = roleNamed(state, 'meshport-sales-dev-service');
    const prd = roleNamed(state, 'meshport-sales-prd-service');
    expect(dev.permissionsBoundaryArn).toBe(
      'arn:aws:iam::111111111111:policy/boundary',
    );
    expect(prd.permissionsBoundaryArn).toBe('arn:aws:iam::222222222222:policy/b');
    expect(dev.trustPolicy.Statement[0].Principal?.Federated).toContain(
      '111111111111',
    );
    // IAM would reject a Federated principal of another account.
    expect(prd.trustPolicy.Statement.map(s => s.Sid)).toEqual([
      'AssumeFromAccount',
    ]);
    expect(
      roleNamed(state, 'meshport-sales-prd-consumer').trustPolicy.Statement.map(
        s => s.Sid,
      ),
    ).toEqual(['AssumeFromAccount']);
    const warnings = state.problems.filter(
      p => p.severity === 'warning' && p.environment === 'prd',
    );
    expect(warnings.map(w => w.message)).toEqual([
      expect.stringContaining('meshport.aws.trust.consumer.ssoRoleArns'),
      expect.stringContaining(
        'meshport.aws.trust.service.oidc.providerArn is a provider of account 111111111111, not of 222222222222',
      ),
    ]);
    expect(state.problems.some(p => p.environment === 'dev')).toBe(false);
  });
});

describe('planAwsDesiredState: resources', () => {
  it('lists S3 prefixes per bucket with their owners, including product workspaces', () => {
    const state = plan();
    const prdLake = state.buckets.find(
      b => b.environment === 'prd' && b.bucketId === 'datalake',
    );
    expect(prdLake?.bucket).toBe('meshport-prd-datalake');
    expect(prdLake?.prefixes).toContainEqual({
      prefix: 'sales/orders/',
      dataProduct: 'dataproduct:default/sales',
      dataset: 'dataset:default/orders',
    });
    expect(prdLake?.prefixes).toContainEqual({
      prefix: 'products/finance/',
      dataProduct: 'dataproduct:default/finance',
    });
    // a path without trailing slash is normalised
    const devArchive = state.buckets.find(
      b => b.environment === 'dev' && b.bucketId === 'archive',
    );
    expect(devArchive?.prefixes.map(p => p.prefix)).toEqual([
      'sales/internal/',
    ]);
  });

  it('creates the Glue databases a product owns alone, tagged as managed', () => {
    const state = plan();
    expect(
      state.glueDatabases
        .filter(d => d.environment === 'prd')
        .map(d => [d.name, d.dataProduct]),
    ).toEqual([
      ['churn_db', 'dataproduct:default/churn'],
      ['marketing_db', 'dataproduct:default/marketing'],
      ['sales_db', 'dataproduct:default/sales'],
    ]);
    expect(state.glueDatabases[0]).toMatchObject({
      catalogId: '111111111111',
      arn: 'arn:aws:glue:eu-west-1:111111111111:database/churn_db',
      tags: { 'meshport:managed': 'true', 'meshport:environment': 'dev' },
    });
  });

  it('creates an enforced Athena workgroup per product and environment', () => {
    const cfg = resolveAwsProvisionerConfig({
      athena: { bytesScannedCutoffPerQuery: 1e9 },
    });
    const wg = plan({}, cfg).workgroups.find(
      w => w.name === 'meshport-churn-prd',
    );
    expect(wg).toEqual({
      environment: 'prd',
      name: 'meshport-churn-prd',
      arn: 'arn:aws:athena:eu-west-1:222222222222:workgroup/meshport-churn-prd',
      dataProduct: 'dataproduct:default/churn',
      outputLocation:
        's3://meshport-prd-datalake/products/churn/athena-results/',
      bytesScannedCutoffPerQuery: 1e9,
      enforceWorkGroupConfiguration: true,
      publishCloudWatchMetricsEnabled: true,
      description: expect.any(String),
      tags: {
        'meshport:managed': 'true',
        'meshport:data-product': 'dataproduct:default/churn',
        'meshport:environment': 'prd',
      },
    });
    expect(
      plan().workgroups.find(w => w.name === 'meshport-churn-prd')
        ?.bytesScannedCutoffPerQuery,
    ).toBe(10 * 1024 ** 3);
  });

  it('reports a missing workspace bucket and plans no workgroup there', () => {
    const state = plan({
      environments: [
        { ...DEV, buckets: { raw: { name: 'r' } }, readsFrom: [] },
      ],
      products: [product('sales')],
      datasets: [],
      grants: [],
    });
    expect(state.workgroups).toEqual([]);
    expect(state.problems[0]).toMatchObject({
      severity: 'error',
      environment: 'dev',
      message: expect.stringContaining(
        "no bucket 'datalake' (meshport.aws.workspaceBucket)",
      ),
    });
  });
});

describe('planAwsDesiredState: permissions', () => {
  it('consumer reads its grants and own outputs, writes only Athena results', () => {
    const role = roleNamed(plan(), 'meshport-churn-prd-consumer');
    expect(resourcesFor(role, 's3:GetObject')).toEqual([
      'arn:aws:s3:::meshport-prd-datalake/churn/scores/*',
      'arn:aws:s3:::meshport-prd-datalake/marketing/campaigns/*',
      'arn:aws:s3:::meshport-prd-datalake/products/churn/athena-results/*',
      'arn:aws:s3:::meshport-prd-datalake/sales/orders/*',
    ]);
    expect(resourcesFor(role, 's3:PutObject')).toEqual([
      'arn:aws:s3:::meshport-prd-datalake/products/churn/athena-results/*',
    ]);
    expect(resourcesFor(role, 'glue:GetTable')).toEqual([
      glue('222222222222', 'catalog'),
      glue('222222222222', 'database/churn_db'),
      // Athena reads the default database before any query.
      glue('222222222222', 'database/default'),
      glue('222222222222', 'database/marketing_db'),
      glue('222222222222', 'database/sales_db'),
      glue('222222222222', 'table/churn_db/scores'),
      glue('222222222222', 'table/marketing_db/*'),
      glue('222222222222', 'table/sales_db/orders'),
    ]);
    expect(resourcesFor(role, 'glue:UpdateTable')).toEqual([]);
    expect(resourcesFor(role, 'cloudwatch:PutMetricData')).toEqual([]);
    expect(resourcesFor(role, 'athena:StartQueryExecution')).toEqual([
      'arn:aws:athena:eu-west-1:222222222222:workgroup/meshport-churn-prd',
    ]);
    expect(listablePrefixes(role, 'meshport-prd-datalake')).toEqual([
      'churn/scores/*',
      'marketing/campaigns/*',
      'products/churn/athena-results/*',
      'sales/orders/*',
    ]);
    expect(role.grantedDatasets).toEqual([
      { dataset: 'dataset:default/campaigns', environment: 'prd' },
      { dataset: 'dataset:default/orders', environment: 'prd' },
    ]);
  });

  it('service reads its grants and writes its own prefixes, tables and metrics namespace', () => {
    const role = roleNamed(plan(), 'meshport-churn-prd-service');
    expect(resourcesFor(role, 's3:PutObject')).toEqual([
      'arn:aws:s3:::meshport-prd-datalake/churn/scores/*',
      'arn:aws:s3:::meshport-prd-datalake/products/churn/*',
    ]);
    expect(resourcesFor(role, 's3:DeleteObject')).toEqual(
      resourcesFor(role, 's3:PutObject'),
    );
    expect(resourcesFor(role, 'glue:CreateTable')).toEqual([
      glue('222222222222', 'catalog'),
      glue('222222222222', 'database/churn_db'),
      glue('222222222222', 'table/churn_db/*'),
    ]);
    expect(resourcesFor(role, 'glue:UpdateDatabase')).toEqual([]);
    expect(resourcesFor(role, 'glue:GetTable')).toEqual([
      glue('222222222222', 'catalog'),
      glue('222222222222', 'database/churn_db'),
      // Athena reads the default database before any query.
      glue('222222222222', 'database/default'),
      glue('222222222222', 'database/marketing_db'),
      glue('222222222222', 'database/sales_db'),
      glue('222222222222', 'table/churn_db/*'),
      glue('222222222222', 'table/marketing_db/*'),
      glue('222222222222', 'table/sales_db/orders'),
    ]);
    const metrics = statementsOf(role).find(s => s.Sid === 'PublishMetrics');
    expect(metrics).toEqual({
      Sid: 'PublishMetrics',
      Effect: 'Allow',
      Action: ['cloudwatch:PutMetricData'],
      Resource: ['*'],
      Condition: { StringEquals: { 'cloudwatch:namespace': 'Meshport/churn' } },
    });
  });

  it('owner additionally manages its own Glue databases, never another product', () => {
    const state = plan();
    const owner = roleNamed(state, 'meshport-sales-prd-owner');
    expect(resourcesFor(owner, 'glue:DeleteDatabase')).toEqual([
      glue('222222222222', 'catalog'),
      glue('222222222222', 'database/sales_db'),
      glue('222222222222', 'table/sales_db/*'),
    ]);
    expect(resourcesFor(owner, 'glue:CreatePartitionIndex')).toEqual(
      resourcesFor(owner, 'glue:DeleteDatabase'),
    );
    expect(resourcesFor(owner, 'cloudwatch:PutMetricData')).toEqual(['*']);
    const service = roleNamed(state, 'meshport-sales-prd-service');
    expect(resourcesFor(owner, 's3:PutObject')).toEqual(
      resourcesFor(service, 's3:PutObject'),
    );
  });

  it('only the producer reads a private dataset; a grant on it is a warning', () => {
    const state = plan({
      grants: [grant('churn', 'sales-internal', ['prd'])],
    });
    const consumer = roleNamed(state, 'meshport-churn-prd-consumer');
    expect(resourcesFor(consumer, 's3:GetObject').join()).not.toContain(
      'sales/internal',
    );
    expect(
      resourcesFor(
        roleNamed(state, 'meshport-sales-prd-consumer'),
        's3:GetObject',
      ),
    ).toContain('arn:aws:s3:::meshport-prd-archive/sales/internal/*');
    expect(state.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        dataProduct: 'dataproduct:default/churn',
        message: expect.stringContaining(
          'private to dataproduct:default/sales',
        ),
      }),
    );
  });

  it('never gives a data action on "*" (only PutMetricData, with its namespace condition)', () => {
    const wildcards = plan()
      .roles.flatMap(statementsOf)
      .filter(s => s.Resource?.some(r => r === '*' || r.endsWith(':*')));
    expect(wildcards.length).toBeGreaterThan(0);
    for (const statement of wildcards) {
      expect(statement).toEqual({
        Sid: 'PublishMetrics',
        Effect: 'Allow',
        Action: ['cloudwatch:PutMetricData'],
        Resource: ['*'],
        Condition: {
          StringEquals: {
            'cloudwatch:namespace': expect.stringMatching(/^Meshport\//),
          },
        },
      });
    }
  });

  it('grants S3 listing only with an s3:prefix condition', () => {
    for (const role of plan().roles) {
      for (const statement of statementsOf(role).filter(s =>
        s.Action.includes('s3:ListBucket'),
      )) {
        expect(statement.Action).toEqual(['s3:ListBucket']);
        expect(statement.Resource).toHaveLength(1);
        expect(statement.Condition?.StringLike?.['s3:prefix']).toBeDefined();
      }
    }
  });
});

describe('planAwsDesiredState: environments', () => {
  it('lets dev roles read prd datasets when dev reads from prd', () => {
    const role = roleNamed(plan(), 'meshport-churn-dev-consumer');
    expect(resourcesFor(role, 's3:GetObject')).toEqual([
      'arn:aws:s3:::meshport-dev-datalake/churn/scores/*',
      'arn:aws:s3:::meshport-dev-datalake/products/churn/athena-results/*',
      'arn:aws:s3:::meshport-dev-datalake/sales/orders/*',
      'arn:aws:s3:::meshport-prd-datalake/churn/scores/*',
      'arn:aws:s3:::meshport-prd-datalake/sales/orders/*',
    ]);
    expect(role.grantedDatasets).toEqual([
      { dataset: 'dataset:default/orders', environment: 'dev' },
      { dataset: 'dataset:default/orders', environment: 'prd' },
    ]);
    // the campaigns grant is for prd only: dev roles get nothing of it
    expect(resourcesFor(role, 'glue:GetTable').join()).not.toContain(
      'marketing',
    );
  });

  it('never lets prd roles read dev data, and never writes across environments', () => {
    const state = plan();
    for (const role of state.roles.filter(r => r.environment === 'prd')) {
      const all = statementsOf(role).flatMap(s => s.Resource ?? []);
      expect(all.join()).not.toMatch(/meshport-dev-|111111111111/);
    }
    for (const role of state.roles.filter(r => r.environment === 'dev')) {
      expect(resourcesFor(role, 's3:PutObject').join()).not.toContain('prd');
      expect(resourcesFor(role, 'glue:UpdateTable').join()).not.toContain(
        '222222222222',
      );
    }
  });

  it('does not read across environments when readsFrom is empty', () => {
    const state = plan({ environments: [{ ...DEV, readsFrom: [] }, PRD] });
    const role = roleNamed(state, 'meshport-churn-dev-consumer');
    expect(resourcesFor(role, 's3:GetObject').join()).not.toContain('prd');
    expect(role.grantedDatasets).toEqual([
      { dataset: 'dataset:default/orders', environment: 'dev' },
    ]);
  });

  it('resolves a dev grant on a prd-only product through readsFrom, and warns otherwise', () => {
    const input = {
      products: [
        product('churn'),
        product('finance', { environments: ['prd'] }),
      ],
      datasets: [
        dataset('ledger', 'finance', [
          { type: 's3' as const, bucket: 'datalake', path: 'finance/ledger/' },
        ]),
      ],
      grants: [grant('churn', 'ledger', ['dev'])],
    };
    const role = roleNamed(plan(input), 'meshport-churn-dev-consumer');
    expect(resourcesFor(role, 's3:GetObject')).toContain(
      'arn:aws:s3:::meshport-prd-datalake/finance/ledger/*',
    );

    const isolated = plan({
      ...input,
      environments: [{ ...DEV, readsFrom: [] }, PRD],
    });
    expect(
      resourcesFor(
        roleNamed(isolated, 'meshport-churn-dev-consumer'),
        's3:GetObject',
      ).join(),
    ).not.toContain('ledger');
    expect(isolated.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining(
          'dataproduct:default/finance is not deployed in dev',
        ),
      }),
    );
  });
});

describe('planAwsDesiredState: grants that cannot apply', () => {
  it('reports missing consumers, datasets, environments and expired grants without failing', () => {
    const state = plan({
      grants: [
        grant('ghost', 'orders', ['dev']),
        grant('churn', 'nothing', ['dev']),
        grant('churn', 'orders', ['qa']),
        grant('finance', 'orders', ['dev']),
        grant('churn', 'orders', []),
        grant('churn', 'campaigns', ['dev'], {
          validUntil: '2025-01-01T00:00:00Z',
        }),
      ],
    });
    const messages = state.problems.map(p => `${p.severity}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^warning: Grant g-ghost-orders-dev .*consuming data product is not in the catalog/,
        ),
        expect.stringMatching(
          /^warning: Grant g-churn-nothing-dev .*dataset is not in the catalog/,
        ),
        expect.stringMatching(
          /^warning: Grant g-churn-orders-qa .*environment qa is not configured/,
        ),
        expect.stringMatching(
          /^warning: Grant g-finance-orders-dev .*finance is not deployed in dev/,
        ),
        expect.stringMatching(
          /^warning: Grant g-churn-orders- .*names no environment/,
        ),
      ]),
    );
    expect(state.problems).toHaveLength(5);
    // the expired grant is simply gone
    const role = roleNamed(state, 'meshport-churn-dev-consumer');
    expect(role.grantedDatasets).toEqual([]);
  });

  it('keeps grants valid until their expiry', () => {
    const state = plan({
      grants: [
        grant('churn', 'campaigns', ['prd'], {
          validUntil: '2025-06-02T00:00:00Z',
        }),
      ],
    });
    expect(
      roleNamed(state, 'meshport-churn-prd-consumer').grantedDatasets,
    ).toEqual([{ dataset: 'dataset:default/campaigns', environment: 'prd' }]);
  });

  it('accepts consumer and dataset refs in any case', () => {
    const state = plan({
      grants: [
        {
          id: 'x',
          consumer: 'DataProduct:default/Churn',
          dataset: 'dataset:default/ORDERS',
          environments: ['prd'],
        },
      ],
    });
    expect(
      roleNamed(state, 'meshport-churn-prd-consumer').grantedDatasets,
    ).toHaveLength(1);
  });

  it('reports datasets of unknown products and unsafe outputs', () => {
    const state = plan({
      datasets: [
        dataset('orphan', 'nobody', []),
        dataset('wild', 'sales', [
          { type: 's3', bucket: 'datalake', path: 'sales/*' },
          { type: 'glue', database: 'sales_db', table: '*' },
          { type: 's3', bucket: 'nowhere', path: 'sales/x/' },
        ]),
      ],
      grants: [],
    });
    const messages = state.problems.map(p => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'Dataset dataset:default/orphan belongs to dataproduct:default/nobody',
        ),
        expect.stringContaining(
          "spec.outputs[0]: path 'sales/*' must be a non-empty key prefix",
        ),
        expect.stringContaining('spec.outputs[1]: Glue names must not'),
        expect.stringContaining("writes to bucket 'nowhere'"),
      ]),
    );
    for (const role of state.roles) {
      for (const r of statementsOf(role).flatMap(s => s.Resource ?? [])) {
        expect(r === '*' || !r.includes('*') || /\/\*$/.test(r)).toBe(true);
        expect(r).not.toContain('sales/**');
      }
    }
  });
});

describe('planAwsDesiredState: ownership conflicts', () => {
  it('gives nobody write access to an S3 prefix two products claim', () => {
    const state = plan({
      datasets: [
        dataset('orders', 'sales', [
          { type: 's3', bucket: 'datalake', path: 'shared/' },
        ]),
        dataset('campaigns', 'marketing', [
          { type: 's3', bucket: 'datalake', path: 'shared/campaigns/' },
        ]),
      ],
      grants: [],
    });
    expect(
      resourcesFor(
        roleNamed(state, 'meshport-sales-dev-service'),
        's3:PutObject',
      ).join(),
    ).not.toContain('shared');
    expect(
      resourcesFor(
        roleNamed(state, 'meshport-marketing-dev-service'),
        's3:PutObject',
      ).join(),
    ).not.toContain('shared');
    expect(
      state.problems.filter(
        p => p.severity === 'error' && p.message.includes('overlaps'),
      ),
    ).toHaveLength(2);
  });

  it('lets products sharing a Glue database write only their own tables', () => {
    const state = plan({
      datasets: [
        dataset('orders', 'sales', [
          { type: 'glue', database: 'commerce', table: 'orders' },
        ]),
        dataset('campaigns', 'marketing', [
          { type: 'glue', database: 'commerce', table: 'campaigns' },
        ]),
      ],
      grants: [],
    });
    expect(state.glueDatabases).toEqual([]);
    const owner = roleNamed(state, 'meshport-sales-prd-owner');
    expect(resourcesFor(owner, 'glue:UpdateTable')).toEqual([
      glue('222222222222', 'catalog'),
      glue('222222222222', 'database/commerce'),
      glue('222222222222', 'table/commerce/orders'),
    ]);
    expect(resourcesFor(owner, 'glue:DeleteDatabase')).toEqual([]);
    expect(state.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('Glue database commerce is shared'),
      }),
    );
  });

  it('reports duplicate role names of different products', () => {
    const state = plan({
      products: [product('a-b'), product('b', {}, 'a')],
      datasets: [],
      grants: [],
    });
    expect(
      state.roles.filter(r => r.name === 'meshport-a-b-dev-consumer'),
    ).toHaveLength(1);
    expect(state.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('already used by'),
      }),
    );
  });
});

describe('planAwsDesiredState: determinism', () => {
  it('plans the same input twice into deep-equal, JSON-stable states', () => {
    const a = plan();
    const b = plan();
    expect(b).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('does not depend on the order of products, datasets, grants or spec lists', () => {
    const input = meshInput();
    const shuffled = {
      ...input,
      products: [...input.products].reverse(),
      datasets: [...input.datasets].reverse(),
      grants: [...input.grants]
        .reverse()
        .map(g => ({ ...g, environments: [...g.environments].reverse() })),
    };
    expect(planAwsDesiredState(shuffled, config, { now: NOW })).toEqual(
      planAwsDesiredState(input, config, { now: NOW }),
    );
  });
});
