import { resolveAwsProvisionerConfig } from '../config';
import type { PolicyDocument } from '../model';
import { dataset, grant, PRD, product } from './__fixtures__/mesh';
import { roleNamed, statementsOf } from './__fixtures__/policies';
import { packStatements, StatementSpec } from './packing';
import {
  findPolicyViolations,
  formatCount,
  IAM_INLINE_POLICIES_MAX_CHARS,
  IAM_MANAGED_POLICY_MAX_CHARS,
  policySize,
  VALID_SID,
} from './policyLimits';
import { planAwsDesiredState } from './planner';

const objectArns = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `arn:aws:s3:::meshport-prd-datalake/domain${i % 7}/dataset_${String(
        i,
      ).padStart(5, '0')}/*`,
  );

const readSpec = (n: number): StatementSpec => ({
  sid: 'ReadObjects',
  actions: ['s3:GetObject'],
  resources: objectArns(n),
});

function allDocuments(
  result: ReturnType<typeof packStatements>,
): PolicyDocument[] {
  if (!result.fits) return [];
  return [...(result.inline ? [result.inline] : []), ...result.managed];
}

describe('policySize', () => {
  it('counts characters the way IAM does: JSON without whitespace', () => {
    const document: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'A',
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: ['arn:aws:s3:::b/p/*'],
        },
      ],
    };
    const pretty = JSON.stringify(document, null, 2);
    expect(policySize(document)).toBe(pretty.replace(/\s/g, '').length);
  });
});

describe('packStatements', () => {
  it('puts small permissions into a single inline policy', () => {
    const result = packStatements([readSpec(3)], { maxManagedPolicies: 10 });
    expect(result).toEqual({
      fits: true,
      inline: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ReadObjects',
            Effect: 'Allow',
            Action: ['s3:GetObject'],
            Resource: objectArns(3),
          },
        ],
      },
      managed: [],
      totalChars: expect.any(Number),
    });
  });

  it('fills the inline policy, then managed policies, each within its quota', () => {
    const result = packStatements([readSpec(600)], {
      maxManagedPolicies: 10,
      inlineReservedChars: 30,
    });
    if (!result.fits) throw new Error('expected to fit');
    expect(policySize(result.inline!)).toBeLessThanOrEqual(
      IAM_INLINE_POLICIES_MAX_CHARS - 30,
    );
    expect(policySize(result.inline!)).toBeGreaterThan(
      IAM_INLINE_POLICIES_MAX_CHARS - 200,
    );
    expect(result.managed.length).toBeGreaterThan(1);
    for (const document of result.managed) {
      expect(policySize(document)).toBeLessThanOrEqual(
        IAM_MANAGED_POLICY_MAX_CHARS,
      );
    }
    // every policy but the last is nearly full
    for (const document of result.managed.slice(0, -1)) {
      expect(policySize(document)).toBeGreaterThan(
        IAM_MANAGED_POLICY_MAX_CHARS - 100,
      );
    }
    // every resource exactly once
    const resources = allDocuments(result).flatMap(d =>
      d.Statement.flatMap(s => s.Resource ?? []),
    );
    expect(resources.sort()).toEqual(objectArns(600).sort());
    expect(result.totalChars).toBe(
      allDocuments(result).reduce((sum, d) => sum + policySize(d), 0),
    );
  });

  it('gives the Sid to the first part of a statement only', () => {
    const result = packStatements(
      [
        readSpec(300),
        { ...readSpec(300), sid: 'WriteObjects', actions: ['s3:PutObject'] },
      ],
      {
        maxManagedPolicies: 10,
      },
    );
    const documents = allDocuments(result);
    const statements = documents.flatMap(d => d.Statement);
    expect(statements.length).toBeGreaterThan(3);
    // a continued part carries no Sid: IAM needs none, and every character
    // counts against the quota
    expect(statements.map(s => s.Sid).filter(Boolean)).toEqual([
      'ReadObjects',
      'WriteObjects',
    ]);
    expect(
      statements
        .filter(s => s.Action.includes('s3:PutObject'))
        .flatMap(s => s.Resource)
        .sort(),
    ).toEqual(objectArns(300).sort());
    for (const document of documents) {
      const own = document.Statement.flatMap(s => (s.Sid ? [s.Sid] : []));
      expect(new Set(own).size).toBe(own.length);
      own.forEach(sid => expect(sid).toMatch(VALID_SID));
    }
  });

  it('splits a ListBucket statement by its s3:prefix values, keeping the bucket', () => {
    const prefixes = Array.from(
      { length: 800 },
      (_, i) => `domain/dataset_${i}/*`,
    );
    const result = packStatements(
      [
        {
          sid: 'ListBucket1',
          actions: ['s3:ListBucket'],
          resources: ['arn:aws:s3:::bucket'],
          splitCondition: {
            operator: 'StringLike',
            key: 's3:prefix',
            values: prefixes,
          },
        },
      ],
      { maxManagedPolicies: 10 },
    );
    const statements = allDocuments(result).flatMap(d => d.Statement);
    expect(statements.length).toBeGreaterThan(1);
    for (const statement of statements) {
      expect(statement.Resource).toEqual(['arn:aws:s3:::bucket']);
    }
    expect(
      statements.flatMap(s => s.Condition!.StringLike['s3:prefix']).sort(),
    ).toEqual([...prefixes].sort());
  });

  it('keeps a fixed condition in every part', () => {
    const result = packStatements(
      [
        {
          sid: 'X',
          actions: ['s3:GetObject'],
          resources: objectArns(200),
          condition: { Bool: { 'aws:SecureTransport': 'true' } },
        },
      ],
      { maxManagedPolicies: 10 },
    );
    for (const statement of allDocuments(result).flatMap(d => d.Statement)) {
      expect(statement.Condition).toEqual({
        Bool: { 'aws:SecureTransport': 'true' },
      });
    }
  });

  it('reports the characters needed and allowed when the permissions cannot fit', () => {
    const result = packStatements([readSpec(3000)], {
      maxManagedPolicies: 2,
      inlineReservedChars: 20,
    });
    expect(result.fits).toBe(false);
    if (result.fits) return;
    expect(result.allowedChars).toBe(
      IAM_INLINE_POLICIES_MAX_CHARS + 2 * IAM_MANAGED_POLICY_MAX_CHARS,
    );
    expect(result.neededChars).toBeGreaterThan(
      JSON.stringify(objectArns(3000)).length,
    );
    expect(result.neededChars).toBeGreaterThan(result.allowedChars);
  });

  it('packs the same input into identical documents', () => {
    const specs = [readSpec(500), { ...readSpec(100), sid: 'Other' }];
    expect(packStatements(specs, { maxManagedPolicies: 10 })).toEqual(
      packStatements(specs, { maxManagedPolicies: 10 }),
    );
  });

  it('skips empty groups', () => {
    expect(packStatements([readSpec(0)], { maxManagedPolicies: 10 })).toEqual({
      fits: true,
      managed: [],
      totalChars: expect.any(Number),
    });
  });
});

describe('packStatements: statements shared by services', () => {
  const glueArns = (n: number) => [
    'arn:aws:glue:eu-west-1:222222222222:catalog',
    ...Array.from(
      { length: n },
      (_, i) =>
        `arn:aws:glue:eu-west-1:222222222222:table/sales_${i}/customer_orders_enriched`,
    ),
  ];
  const readAll = (objects: number, tables: number): StatementSpec => ({
    sid: 'Read',
    actions: ['s3:GetObject'],
    resources: objectArns(objects),
    otherServices: [
      {
        actions: ['glue:GetTable*', 'glue:GetDatabase*'],
        resources: glueArns(tables),
      },
    ],
  });

  it('writes the actions of several services into one statement', () => {
    const result = packStatements([readAll(2, 1)], { maxManagedPolicies: 10 });
    expect(allDocuments(result)).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Read',
            Effect: 'Allow',
            Action: ['s3:GetObject', 'glue:GetTable*', 'glue:GetDatabase*'],
            Resource: [...objectArns(2), ...glueArns(1)],
          },
        ],
      },
    ]);
  });

  it('lists in each part only the actions of the services it names', () => {
    const result = packStatements([readAll(300, 300)], {
      maxManagedPolicies: 10,
    });
    const statements = allDocuments(result).flatMap(d => d.Statement);
    expect(statements.length).toBeGreaterThan(4);
    for (const statement of statements) {
      const services = new Set(statement.Resource!.map(r => r.split(':')[2]));
      expect(new Set(statement.Action.map(a => a.split(':')[0]))).toEqual(
        services,
      );
    }
    const resources = statements.flatMap(s => s.Resource!);
    expect(resources.sort()).toEqual(
      [...objectArns(300), ...glueArns(300)].sort(),
    );
    if (!result.fits) throw new Error('expected to fit');
    expect(result.totalChars).toBe(
      allDocuments(result).reduce((sum, d) => sum + policySize(d), 0),
    );
  });

  it.each([
    [
      'a service twice',
      { actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/p/*'] },
      'service s3 appears twice',
    ],
    [
      'a resource of another service',
      { actions: ['glue:GetTable'], resources: ['arn:aws:s3:::b/p/*'] },
      'arn:aws:s3:::b/p/* is not a resource of glue',
    ],
    [
      'actions of two services in one group',
      {
        actions: ['glue:GetTable', 'athena:GetWorkGroup'],
        resources: [],
      },
      'are not of one service',
    ],
    [
      'a resource that is no ARN',
      { actions: ['glue:GetTable'], resources: ['*'] },
      '* is not a resource of glue',
    ],
  ])(
    'refuses to share a statement with %s (it would widen)',
    (_, group, message) => {
      const spec: StatementSpec = {
        ...readSpec(1),
        otherServices: [group],
      };
      expect(() => packStatements([spec], { maxManagedPolicies: 1 })).toThrow(
        message,
      );
    },
  );

  it('refuses to share a statement that has a condition', () => {
    expect(() =>
      packStatements(
        [
          {
            ...readAll(1, 1),
            condition: { Bool: { 'aws:SecureTransport': 'true' } },
          },
        ],
        { maxManagedPolicies: 1 },
      ),
    ).toThrow('it has a condition');
  });
});

describe('packStatements: filling policies', () => {
  // Realistic lengths: S3 objects, Glue databases and tables differ in length.
  const mixed = (n: number): StatementSpec => ({
    sid: 'Read',
    actions: ['s3:GetObject'],
    resources: Array.from(
      { length: n },
      (_, i) =>
        `arn:aws:s3:::meshport-prd-datalake/sales/customer_orders_${i}/*`,
    ),
    otherServices: [
      {
        actions: ['glue:GetTable*'],
        resources: Array.from({ length: n }, (_, i) => [
          `arn:aws:glue:eu-west-1:222222222222:database/sales_${i}`,
          `arn:aws:glue:eu-west-1:222222222222:table/sales_${i}/customer_orders_enriched_${i}`,
        ]).flat(),
      },
    ],
  });

  it('fills each policy but the last to the last character when lengths allow', () => {
    // Resources costing 10 and 11 characters (with quotes and comma) can sum
    // to any room above 90. The longer ones go first, so the policies filled
    // while both lengths remain (the first two) are filled exactly; a greedy
    // fill would leave up to 9 characters in each.
    const resources = Array.from({ length: 200 }, (_, i) => [
      `a${String(i).padStart(6, '0')}`,
      `b${String(i).padStart(7, '0')}`,
    ]).flat();
    const result = packStatements(
      [{ sid: 'A', actions: ['s3:GetObject'], resources }],
      {
        maxManagedPolicies: 10,
        managedPolicyChars: 1000,
        inlinePolicyChars: 1000,
      },
    );
    if (!result.fits) throw new Error('expected to fit');
    expect(result.managed.length).toBeGreaterThan(3);
    expect(policySize(result.inline!)).toBe(1000);
    expect(policySize(result.managed[0])).toBe(1000);
    const packed = allDocuments(result).flatMap(d =>
      d.Statement.flatMap(st => st.Resource!),
    );
    expect(packed.sort()).toEqual([...resources].sort());
  });

  it('leaves less room in a full policy than its shortest resource needs', () => {
    const result = packStatements([mixed(300)], { maxManagedPolicies: 10 });
    if (!result.fits) throw new Error('expected to fit');
    expect(result.managed.length).toBeGreaterThan(4);
    const shortest = JSON.stringify(
      'arn:aws:glue:eu-west-1:222222222222:database/sales_0',
    ).length;
    expect(policySize(result.inline!)).toBeGreaterThan(
      IAM_INLINE_POLICIES_MAX_CHARS - shortest,
    );
    for (const document of result.managed.slice(0, -1)) {
      expect(policySize(document)).toBeGreaterThan(
        IAM_MANAGED_POLICY_MAX_CHARS - shortest,
      );
    }
  });

  it('keeps small statements whole and splits the large ones around them', () => {
    const locate: StatementSpec = {
      sid: 'LocateBuckets',
      actions: ['s3:GetBucketLocation'],
      resources: ['arn:aws:s3:::meshport-prd-datalake'],
    };
    const result = packStatements([mixed(200), locate], {
      maxManagedPolicies: 10,
    });
    const statements = allDocuments(result).flatMap(d => d.Statement);
    expect(statements.length).toBeGreaterThan(4);
    expect(
      statements.filter(s => s.Action.includes('s3:GetBucketLocation')),
    ).toEqual([
      {
        Sid: 'LocateBuckets',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation'],
        Resource: ['arn:aws:s3:::meshport-prd-datalake'],
      },
    ]);
  });
});

describe('findPolicyViolations', () => {
  it('finds what IAM would reject', () => {
    const big: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Bad-Sid',
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: objectArns(200),
        },
        {
          Sid: 'Bad-Sid',
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: ['x'],
        },
      ],
    };
    expect(
      findPolicyViolations(
        [{ name: 'p'.repeat(129), document: big }],
        [{ name: 'i', document: big }],
        0,
      ),
    ).toEqual([
      '1 managed policies exceed the limit of 0',
      expect.stringMatching(
        /^inline policies have \d+ characters, more than 10240$/,
      ),
      expect.stringMatching(/^policy name p{129} is not a valid IAM name$/),
      expect.stringMatching(/^p{129}: Sid Bad-Sid is not alphanumeric$/),
      expect.stringMatching(/^p{129}: Sid Bad-Sid is not alphanumeric$/),
      expect.stringMatching(/^p{129}: Sid Bad-Sid is not unique$/),
      'i: Sid Bad-Sid is not alphanumeric',
      'i: Sid Bad-Sid is not alphanumeric',
      'i: Sid Bad-Sid is not unique',
      expect.stringMatching(/^p{129} has \d+ characters, more than 6144$/),
    ]);
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect([
      formatCount(0),
      formatCount(6144),
      formatCount(71680),
      formatCount(1234567),
    ]).toEqual(['0', '6,144', '71,680', '1,234,567']);
  });
});

describe('planner quota handling', () => {
  const NOW = new Date('2025-06-01T00:00:00Z');
  function mesh(grants: number) {
    const producers = Array.from({ length: grants }, (_, i) => `producer-${i}`);
    return {
      environments: [PRD],
      products: [product('churn'), ...producers.map(name => product(name))],
      datasets: producers.map((name, i) =>
        dataset(`orders-${i}`, name, [
          {
            type: 's3' as const,
            bucket: 'datalake',
            path: `sales/customer_orders_enriched_${i}/`,
          },
          {
            type: 'glue' as const,
            database: `sales_${i}`,
            table: 'customer_orders_enriched',
          },
        ]),
      ),
      grants: producers.map((_, i) => grant('churn', `orders-${i}`, ['prd'])),
    };
  }

  it('fails only the role that cannot fit, with a clear error and no policies', () => {
    const cfg = resolveAwsProvisionerConfig({ maxManagedPoliciesPerRole: 1 });
    const state = planAwsDesiredState(mesh(120), cfg, { now: NOW });
    const consumer = roleNamed(state, 'meshport-churn-prd-consumer');
    expect(consumer.policyStatus).toBe('quota-exceeded');
    expect(consumer.managedPolicies).toEqual([]);
    expect(consumer.inlinePolicies).toEqual([]);
    const errors = state.problems.filter(p => p.severity === 'error');
    expect(errors.map(e => e.role)).toEqual([
      'meshport-churn-prd-consumer',
      'meshport-churn-prd-service',
      'meshport-churn-prd-owner',
    ]);
    expect(errors[0]).toEqual({
      severity: 'error',
      dataProduct: 'dataproduct:default/churn',
      environment: 'prd',
      role: 'meshport-churn-prd-consumer',
      message: expect.stringMatching(
        /^Role meshport-churn-prd-consumer needs [\d,]+ characters of policy but IAM allows 16,384 \(1 managed × 6,144 \+ 10,240 inline\): 120 granted datasets; raise meshport\.aws\.maxManagedPoliciesPerRole \(max 20\) or use Lake Formation$/,
      ),
    });
    // the producers' roles are unaffected
    expect(
      roleNamed(state, 'meshport-producer-1-prd-service').policyStatus,
    ).toBe('planned');
  });

  it('spreads a large role over managed policies with stable names and valid documents', () => {
    const cfg = resolveAwsProvisionerConfig({ maxManagedPoliciesPerRole: 10 });
    const state = planAwsDesiredState(mesh(120), cfg, { now: NOW });
    const consumer = roleNamed(state, 'meshport-churn-prd-consumer');
    expect(consumer.policyStatus).toBe('planned');
    expect(consumer.grantedDatasets).toHaveLength(120);
    expect(consumer.inlinePolicies.map(p => p.name)).toEqual([
      'meshport-churn-prd-consumer-inline',
    ]);
    expect(consumer.managedPolicies.map(p => p.name)).toEqual(
      consumer.managedPolicies.map(
        (_, i) => `meshport-churn-prd-consumer-${i + 1}`,
      ),
    );
    expect(consumer.managedPolicies[0].arn).toBe(
      'arn:aws:iam::222222222222:policy/meshport/meshport-churn-prd-consumer-1',
    );
    expect(
      findPolicyViolations(
        consumer.managedPolicies,
        consumer.inlinePolicies,
        10,
      ),
    ).toEqual([]);
    // all 120 granted tables are present exactly once
    const tables = statementsOf(consumer)
      .flatMap(s => s.Resource ?? [])
      .filter(
        r =>
          r.endsWith(':table/sales_0/customer_orders_enriched') ||
          /table\/sales_\d+\//.test(r),
      );
    expect(new Set(tables).size).toBe(120);
    expect(tables).toHaveLength(120);

    const again = planAwsDesiredState(mesh(120), cfg, { now: NOW });
    expect(roleNamed(again, 'meshport-churn-prd-consumer')).toEqual(consumer);
  });
});
