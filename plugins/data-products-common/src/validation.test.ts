import {
  assertValidEntity,
  formatProblem,
  MeshportValidationError,
  validateEntity,
  ValidateOptions,
} from './validation';
import type {
  DataProductEntity,
  DatasetEntity,
  MeshportEnvironment,
} from './types';

const environments: MeshportEnvironment[] = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'eu-west-1',
    buckets: {
      datalake: { name: 'meshport-dev-datalake' },
      scratch: { name: 'meshport-dev-scratch' },
    },
    readsFrom: ['prd'],
  },
  {
    name: 'prd',
    accountId: '222222222222',
    region: 'eu-west-1',
    buckets: { datalake: { name: 'meshport-prd-datalake' } },
    readsFrom: [],
  },
];

function validProduct(): DataProductEntity {
  return {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: {
      name: 'sales-orders',
      title: 'Sales orders',
      description: 'Every web shop order, cleaned.',
    },
    spec: {
      owner: 'team-sales',
      domain: 'sales',
      lifecycle: 'production',
      type: 'source-aligned',
      environments: ['dev', 'prd'],
      inputPorts: [
        { dataset: 'crm-customers', purpose: 'Segment orders by customer' },
        { dataset: 'dataset:finance/fx-rates', purpose: 'Convert currencies' },
      ],
      support: [
        {
          channel: '#sales-data',
          url: 'https://example.slack.com/archives/C0123',
          tool: 'slack',
        },
        {
          channel: 'data-sales@example.com',
          url: 'mailto:data-sales@example.com',
        },
      ],
    },
  };
}

function validDataset(): DatasetEntity {
  return {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name: 'orders', description: 'One row per order line.' },
    spec: {
      dataProduct: 'sales-orders',
      owner: 'group:default/team-sales',
      access: 'restricted',
      lifecycle: 'production',
      outputs: [
        {
          type: 's3',
          bucket: 'datalake',
          path: 'sales/orders/',
          format: 'parquet',
        },
        { type: 'glue', database: 'sales', table: 'orders' },
      ],
      schema: {
        columns: [
          {
            name: 'order_id',
            type: 'string',
            required: true,
            primaryKey: true,
          },
          { name: 'amount', type: 'number', physicalType: 'decimal(10,2)' },
          { name: 'customer_email', type: 'string', classification: 'pii' },
        ],
      },
      slos: {
        availability: { target: 99.5, window: '20d' },
        completeness: { target: 95, maxDropPercent: 5 },
        freshness: { target: 95, maxAge: '24h', window: '30d' },
      },
    },
  };
}

type Mutable = Record<string, any>;

interface MalformedCase {
  problem: string;
  entity: () => Mutable;
  options?: ValidateOptions;
  path: string;
  message: string;
}

function product(mutate: (entity: Mutable) => void) {
  return () => {
    const entity: Mutable = validProduct();
    mutate(entity);
    return entity;
  };
}

function dataset(mutate: (entity: Mutable) => void) {
  return () => {
    const entity: Mutable = validDataset();
    mutate(entity);
    return entity;
  };
}

const malformedCases: MalformedCase[] = [
  {
    problem: 'missing owner',
    entity: product(e => delete e.spec.owner),
    path: 'spec.owner',
    message: 'is required',
  },
  {
    problem: 'missing domain',
    entity: product(e => delete e.spec.domain),
    path: 'spec.domain',
    message: 'is required',
  },
  {
    problem: 'a lifecycle that does not exist',
    entity: product(e => (e.spec.lifecycle = 'beta')),
    path: 'spec.lifecycle',
    message:
      'must be one of: experimental, production, deprecated, retired (got "beta")',
  },
  {
    problem: 'a product type that does not exist',
    entity: product(e => (e.spec.type = 'raw')),
    path: 'spec.type',
    message: 'must be one of: source-aligned, aggregate, consumer-aligned',
  },
  {
    problem: 'an access level that does not exist',
    entity: dataset(e => (e.spec.access = 'public')),
    path: 'spec.access',
    message: 'must be one of: unrestricted, restricted, private (got "public")',
  },
  {
    problem: 'a typo in a spec field',
    entity: dataset(e => {
      e.spec.acess = e.spec.access;
      delete e.spec.access;
    }),
    path: 'spec',
    message: 'unknown field "acess" (did you mean "access"?)',
  },
  {
    problem: 'a typo in a column field',
    entity: dataset(e => (e.spec.schema.columns[1].classificaton = 'pii')),
    path: 'spec.schema.columns[1]',
    message: 'unknown field "classificaton" (did you mean "classification"?)',
  },
  {
    problem: 'an output without a type',
    entity: dataset(e => delete e.spec.outputs[1].type),
    path: 'spec.outputs[1].type',
    message: 'is required',
  },
  {
    problem: 'an output type that does not exist',
    entity: dataset(e => (e.spec.outputs[0].type = 'redshift')),
    path: 'spec.outputs[0].type',
    message: 'must be one of: s3, glue (got "redshift")',
  },
  {
    problem: 'an s3 output without a bucket',
    entity: dataset(e => delete e.spec.outputs[0].bucket),
    path: 'spec.outputs[0].bucket',
    message: 'is required',
  },
  {
    problem: 'an s3 path with a leading slash',
    entity: dataset(e => (e.spec.outputs[0].path = '/sales/orders/')),
    path: 'spec.outputs[0].path',
    message: 'without a leading "/"',
  },
  {
    problem: 'a glue field on an s3 output',
    entity: dataset(e => (e.spec.outputs[0].database = 'sales')),
    path: 'spec.outputs[0]',
    message: 'unknown field "database"',
  },
  {
    problem: 'a glue database name Glue would lowercase',
    entity: dataset(e => (e.spec.outputs[1].database = 'Sales-DB')),
    path: 'spec.outputs[1].database',
    message:
      'must use only lowercase letters, digits and _ (Glue lowercases names) (got "Sales-DB")',
  },
  {
    problem: 'a column without a name',
    entity: dataset(e => delete e.spec.schema.columns[2].name),
    path: 'spec.schema.columns[2].name',
    message: 'is required',
  },
  {
    problem: 'a column type that does not exist',
    entity: dataset(e => (e.spec.schema.columns[1].type = 'decimal')),
    path: 'spec.schema.columns[1].type',
    message:
      'must be one of: string, date, timestamp, time, number, integer, object, array, boolean (got "decimal")',
  },
  {
    problem: 'two columns with the same name',
    entity: dataset(e => (e.spec.schema.columns[2].name = 'Order_ID')),
    path: 'spec.schema.columns[2].name',
    message: 'duplicate column "Order_ID" (already at spec.schema.columns[0])',
  },
  {
    problem: 'a classification that does not exist',
    entity: dataset(e => (e.spec.schema.columns[2].classification = 'secret')),
    path: 'spec.schema.columns[2].classification',
    message: 'must be one of: public, internal, confidential, restricted, pii',
  },
  {
    problem: 'an SLO target of 0',
    entity: dataset(e => (e.spec.slos.availability.target = 0)),
    path: 'spec.slos.availability.target',
    message: 'must be greater than 0 (got 0)',
  },
  {
    problem: 'an SLO target above 100',
    entity: dataset(e => (e.spec.slos.freshness.target = 150)),
    path: 'spec.slos.freshness.target',
    message: 'must be at most 100 (got 150)',
  },
  {
    problem: 'an SLO target written as text',
    entity: dataset(e => (e.spec.slos.completeness.target = '95%')),
    path: 'spec.slos.completeness.target',
    message: 'must be a number (got a string)',
  },
  {
    problem: 'a duration in words',
    entity: dataset(e => (e.spec.slos.freshness.maxAge = '1 day')),
    path: 'spec.slos.freshness.maxAge',
    message: 'must be a duration like 24h, 30m or 20d (got "1 day")',
  },
  {
    problem: 'a duration of zero',
    entity: dataset(e => (e.spec.slos.availability.window = '0d')),
    path: 'spec.slos.availability.window',
    message: 'must be longer than 0 (got "0d")',
  },
  {
    problem: 'a freshness SLO without maxAge',
    entity: dataset(e => delete e.spec.slos.freshness.maxAge),
    path: 'spec.slos.freshness.maxAge',
    message: 'is required',
  },
  {
    problem: 'a dataProduct ref to another kind',
    entity: dataset(e => (e.spec.dataProduct = 'component:foo')),
    path: 'spec.dataProduct',
    message: 'must refer to a DataProduct, got kind Component',
  },
  {
    problem: 'an owner ref to a non-owner kind',
    entity: product(e => (e.spec.owner = 'system:default/sales')),
    path: 'spec.owner',
    message: 'must refer to a Group or User, got kind System',
  },
  {
    problem: 'an input port ref to a DataProduct instead of a Dataset',
    entity: product(e => (e.spec.inputPorts[0].dataset = 'dataproduct:crm')),
    path: 'spec.inputPorts[0].dataset',
    message: 'must refer to a Dataset, got kind DataProduct',
  },
  {
    problem: 'a malformed ref',
    entity: product(e => (e.spec.domain = 'domain:default/')),
    path: 'spec.domain',
    message: 'is not a valid entity ref',
  },
  {
    problem: 'a wrong apiVersion',
    entity: dataset(e => (e.apiVersion = 'backstage.io/v1alpha1')),
    path: 'apiVersion',
    message: 'must be "meshport.io/v1alpha1" (got "backstage.io/v1alpha1")',
  },
  {
    problem: 'a spec that is not an object',
    entity: product(e => (e.spec = 'owner: team-sales')),
    path: 'spec',
    message: 'must be an object (got a string)',
  },
  {
    problem: 'a missing spec',
    entity: dataset(e => delete e.spec),
    path: 'spec',
    message: 'is required',
  },
  {
    problem: 'an input port without a purpose',
    entity: product(e => delete e.spec.inputPorts[1].purpose),
    path: 'spec.inputPorts[1].purpose',
    message: 'is required',
  },
  {
    problem: 'an input port with an empty purpose',
    entity: product(e => (e.spec.inputPorts[1].purpose = '')),
    path: 'spec.inputPorts[1].purpose',
    message: 'must not be empty',
  },
  {
    problem: 'the same dataset consumed twice, written two ways',
    entity: product(e =>
      e.spec.inputPorts.push({
        dataset: 'dataset:default/crm-customers',
        purpose: 'Again',
      }),
    ),
    path: 'spec.inputPorts[2].dataset',
    message:
      'lists dataset:default/crm-customers a second time (already at spec.inputPorts[0])',
  },
  {
    problem: 'the same output listed twice',
    entity: dataset(e =>
      e.spec.outputs.push({
        type: 's3',
        bucket: 'datalake',
        path: 'sales/orders',
      }),
    ),
    path: 'spec.outputs[2]',
    message: 'duplicates spec.outputs[0]',
  },
  {
    problem: 'an environment listed twice',
    entity: product(e => e.spec.environments.push('dev')),
    path: 'spec.environments',
    message: 'must not contain duplicates ([0] and [2] are both "dev")',
  },
  {
    problem: 'an environment that is not configured',
    entity: product(e => (e.spec.environments = ['dev', 'qa'])),
    options: { environments },
    path: 'spec.environments[1]',
    message: 'unknown environment "qa" (configured: dev, prd)',
  },
  {
    problem: 'a bucket id that is not configured',
    entity: dataset(e => (e.spec.outputs[0].bucket = 'lake')),
    options: { environments },
    path: 'spec.outputs[0].bucket',
    message:
      'unknown bucket "lake" (buckets configured in every environment: datalake)',
  },
  {
    problem: 'a bucket id configured in only some environments',
    entity: dataset(e => (e.spec.outputs[0].bucket = 'scratch')),
    options: { environments },
    path: 'spec.outputs[0].bucket',
    message: 'bucket "scratch" is not configured in environment prd',
  },
  {
    problem: 'a missing metadata.name',
    entity: dataset(e => delete e.metadata.name),
    path: 'metadata.name',
    message: 'is required',
  },
  {
    problem: 'a metadata.name Backstage would reject',
    entity: dataset(e => (e.metadata.name = 'orders_')),
    path: 'metadata.name',
    message: 'must be letters and digits, optionally separated by -, _ or .',
  },
  {
    problem: 'a support URL without a scheme',
    entity: product(e => (e.spec.support[0].url = 'example.slack.com')),
    path: 'spec.support[0].url',
    message: 'must be a URL with a scheme',
  },
  {
    problem: 'a schema without columns',
    entity: dataset(e => (e.spec.schema.columns = [])),
    path: 'spec.schema.columns',
    message: 'must list at least 1 item',
  },
  {
    problem: 'outputs written as a single object',
    entity: dataset(e => (e.spec.outputs = e.spec.outputs[0])),
    path: 'spec.outputs',
    message: 'must be a list (got an object)',
  },
];

describe('validateEntity', () => {
  it('accepts the sample DataProduct and Dataset', () => {
    expect(validateEntity(validProduct())).toEqual([]);
    expect(validateEntity(validDataset())).toEqual([]);
    expect(validateEntity(validProduct(), { environments })).toEqual([]);
    expect(validateEntity(validDataset(), { environments })).toEqual([]);
  });

  it('accepts the smallest valid entities', () => {
    expect(
      validateEntity({
        apiVersion: 'meshport.io/v1alpha1',
        kind: 'DataProduct',
        metadata: { name: 'p' },
        spec: { owner: 'user:jane', domain: 'd' },
      }),
    ).toEqual([]);
    expect(
      validateEntity({
        apiVersion: 'meshport.io/v1alpha1',
        kind: 'Dataset',
        metadata: { name: 'd' },
        spec: { dataProduct: 'p', owner: 'g', access: 'private' },
      }),
    ).toEqual([]);
  });

  it('treats the kind case-insensitively, like Backstage', () => {
    expect(validateEntity({ ...validDataset(), kind: 'dataset' })).toEqual([]);
    expect(
      validateEntity({ ...validDataset(), kind: 'DATASET', spec: {} }),
    ).toContainEqual({ path: 'spec.access', message: 'is required' });
  });

  it('ignores entities of other kinds', () => {
    expect(
      validateEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: { nonsense: true },
      }),
    ).toEqual([]);
  });

  it('reports a document that is not an object', () => {
    expect(validateEntity(['a list'])).toEqual([
      { path: '<root>', message: 'must be an object (got a list)' },
    ]);
  });

  it('skips environment checks when no environments are configured', () => {
    const entity = validProduct();
    entity.spec.environments = ['anything'];
    expect(validateEntity(entity, { environments: [] })).toEqual([]);
  });

  it.each(malformedCases.map(c => [c.problem, c] as const))(
    'reports %s',
    (_problem, { entity, options, path, message }) => {
      const problems = validateEntity(entity(), options);
      expect(problems).toEqual([
        { path, message: expect.stringContaining(message) },
      ]);
    },
  );

  it('reports every problem at once, without ajv noise', () => {
    const entity: Mutable = validDataset();
    entity.spec.access = 'public';
    entity.spec.outputs[0] = { type: 's3', path: '/x' };
    entity.spec.outputs[1] = { type: 'ftp' };
    expect(validateEntity(entity)).toEqual([
      {
        path: 'spec.access',
        message: expect.stringContaining('must be one of'),
      },
      { path: 'spec.outputs[0].bucket', message: 'is required' },
      {
        path: 'spec.outputs[0].path',
        message: expect.stringContaining('leading "/"'),
      },
      {
        path: 'spec.outputs[1].type',
        message: 'must be one of: s3, glue (got "ftp")',
      },
    ]);
  });
});

describe('formatProblem', () => {
  const problem = { path: 'spec.access', message: 'is required' };

  it('names the entity by kind and name', () => {
    expect(formatProblem(validDataset(), problem)).toBe(
      'Dataset/orders: spec.access: is required',
    );
  });

  it('includes a namespace other than default', () => {
    const entity = validDataset();
    entity.metadata.namespace = 'finance';
    expect(formatProblem(entity, problem)).toBe(
      'Dataset/finance/orders: spec.access: is required',
    );
  });

  it('shows an entity without a name as <unnamed>', () => {
    expect(formatProblem({ kind: 'Dataset', metadata: {} }, problem)).toBe(
      'Dataset/<unnamed>: spec.access: is required',
    );
  });
});

describe('assertValidEntity', () => {
  it('passes a valid entity', () => {
    expect(() =>
      assertValidEntity(validProduct(), { environments }),
    ).not.toThrow();
  });

  it('throws every problem with the entity ref', () => {
    const entity: Mutable = validDataset();
    delete entity.spec.owner;
    entity.spec.access = 'public';

    let thrown: unknown;
    try {
      assertValidEntity(entity);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(MeshportValidationError);
    const error = thrown as MeshportValidationError;
    expect(error.message).toBe(
      'Invalid Dataset dataset:default/orders: spec.owner: is required; ' +
        'spec.access: must be one of: unrestricted, restricted, private (got "public")',
    );
    expect(error.problems).toHaveLength(2);
  });
});
