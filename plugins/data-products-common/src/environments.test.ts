import { parseEnvironments, readEnvironmentsFromConfig } from './environments';

function validRaw(): Record<string, any>[] {
  return [
    {
      name: 'dev',
      accountId: '111111111111',
      region: 'eu-west-1',
      buckets: {
        datalake: { name: 'meshport-dev-datalake' },
        archive: { name: 'meshport-dev-archive' },
      },
      readsFrom: ['prd'],
    },
    {
      name: 'prd',
      accountId: '222222222222',
      region: 'eu-west-1',
      buckets: { datalake: { name: 'meshport-prd-datalake' } },
    },
  ];
}

describe('parseEnvironments', () => {
  it('reads valid environments, defaulting readsFrom to none', () => {
    expect(parseEnvironments(validRaw())).toEqual({
      environments: [
        {
          name: 'dev',
          accountId: '111111111111',
          region: 'eu-west-1',
          buckets: {
            datalake: { name: 'meshport-dev-datalake' },
            archive: { name: 'meshport-dev-archive' },
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
      ],
      problems: [],
    });
  });

  it("accepts each environment's aws settings, left to the AWS module", () => {
    const raw = validRaw();
    raw[1].aws = { roleArn: 'arn:aws:iam::222222222222:role/meshport' };
    const { environments, problems } = parseEnvironments(raw);
    expect(problems).toEqual([]);
    expect(environments[1]).toEqual(parseEnvironments(validRaw()).environments[1]);
  });

  it('treats a missing value as no environments', () => {
    expect(parseEnvironments(undefined)).toEqual({
      environments: [],
      problems: [],
    });
  });

  it.each<[string, (raw: Record<string, any>[]) => unknown, string, string]>([
    [
      'not a list',
      raw => raw[0],
      'meshport.environments',
      'must be a list of environments (got an object)',
    ],
    [
      'an entry that is not an object',
      raw => [...raw, 'qa'],
      'meshport.environments[2]',
      'must be an object (got a string)',
    ],
    [
      'a duplicate name',
      raw => {
        raw[1].name = 'dev';
        raw[0].readsFrom = [];
        return raw;
      },
      'meshport.environments[1].name',
      'duplicate environment name "dev" (already at meshport.environments[0])',
    ],
    [
      'an uppercase name',
      raw => {
        raw[1].name = 'Prd';
        raw[0].readsFrom = [];
        return raw;
      },
      'meshport.environments[1].name',
      'must start with a lowercase letter',
    ],
    [
      'a missing name',
      raw => {
        delete raw[1].name;
        raw[0].readsFrom = [];
        return raw;
      },
      'meshport.environments[1].name',
      'is required',
    ],
    [
      'an unquoted account id',
      raw => {
        raw[1].accountId = 222222222222;
        return raw;
      },
      'meshport.environments[1].accountId',
      "must be a string of 12 digits: quote it, e.g. accountId: '222222222222'",
    ],
    [
      'an account id of the wrong length',
      raw => {
        raw[0].accountId = '1234';
        return raw;
      },
      'meshport.environments[0].accountId',
      'must be a 12-digit AWS account id (got "1234")',
    ],
    [
      'a region that is not a region',
      raw => {
        raw[0].region = 'Ireland';
        return raw;
      },
      'meshport.environments[0].region',
      'must be an AWS region like eu-west-1 (got "Ireland")',
    ],
    [
      'no buckets',
      raw => {
        raw[1].buckets = {};
        return raw;
      },
      'meshport.environments[1].buckets',
      'must configure at least one bucket',
    ],
    [
      'a missing buckets field',
      raw => {
        delete raw[1].buckets;
        return raw;
      },
      'meshport.environments[1].buckets',
      'is required',
    ],
    [
      'a bucket without a name',
      raw => {
        raw[0].buckets.archive = {};
        return raw;
      },
      'meshport.environments[0].buckets.archive.name',
      'is required',
    ],
    [
      'an invalid bucket name',
      raw => {
        raw[0].buckets.archive = { name: 'Meshport_Archive' };
        return raw;
      },
      'meshport.environments[0].buckets.archive.name',
      'must be a valid S3 bucket name',
    ],
    [
      'readsFrom naming an unknown environment',
      raw => {
        raw[0].readsFrom = ['prod'];
        return raw;
      },
      'meshport.environments[0].readsFrom[0]',
      'unknown environment "prod" (configured: dev, prd)',
    ],
    [
      'readsFrom naming itself',
      raw => {
        raw[1].readsFrom = ['prd'];
        return raw;
      },
      'meshport.environments[1].readsFrom[0]',
      'must not be the environment itself ("prd")',
    ],
    [
      'a typo in a field name',
      raw => {
        raw[1].readFrom = ['dev'];
        return raw;
      },
      'meshport.environments[1]',
      'unknown field "readFrom" (did you mean "readsFrom"?)',
    ],
  ])('reports %s', (_problem, mutate, path, message) => {
    const { problems } = parseEnvironments(mutate(validRaw()));
    expect(problems).toEqual([
      { path, message: expect.stringContaining(message) },
    ]);
  });
});

/** Stands in for Backstage's ConfigReader, which this package does not depend on. */
class ConfigReader {
  constructor(private readonly data: Record<string, any>) {}

  getOptional(key: string): unknown {
    return key
      .split('.')
      .reduce<any>((value, segment) => value?.[segment], this.data);
  }
}

describe('readEnvironmentsFromConfig', () => {
  it('reads meshport.environments', () => {
    const config = new ConfigReader({
      meshport: { environments: validRaw() },
    });
    expect(readEnvironmentsFromConfig(config).map(e => e.name)).toEqual([
      'dev',
      'prd',
    ]);
  });

  it('returns no environments when none are configured', () => {
    expect(readEnvironmentsFromConfig(new ConfigReader({}))).toEqual([]);
  });

  it('throws one line per problem', () => {
    const raw = validRaw();
    raw[0].accountId = 'abc';
    raw[1].region = 'mars';
    const config = new ConfigReader({ meshport: { environments: raw } });
    expect(() => readEnvironmentsFromConfig(config)).toThrow(
      'Invalid Meshport configuration:\n' +
        '  meshport.environments[0].accountId: must be a 12-digit AWS account id (got "abc")\n' +
        '  meshport.environments[1].region: must be an AWS region like eu-west-1 (got "mars")',
    );
  });
});
