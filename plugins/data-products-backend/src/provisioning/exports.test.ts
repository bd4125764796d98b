import { mergeTerraform, selectEnvironment } from './exports';

describe('selectEnvironment', () => {
  it("keeps one environment's items in every top-level list", () => {
    const desired = {
      environments: [{ name: 'dev' }, { name: 'prd' }],
      roles: [
        { name: 'a-dev', environment: 'dev', reads: ['arn:prd'] },
        { name: 'a-prd', environment: 'prd' },
      ],
      buckets: [{ environment: 'prd', prefixes: [] }],
      problems: [{ message: 'no environment' }],
      version: 2,
    };
    expect(selectEnvironment(desired, 'dev')).toEqual({
      environments: [{ name: 'dev' }],
      roles: [{ name: 'a-dev', environment: 'dev', reads: ['arn:prd'] }],
      buckets: [],
      problems: [{ message: 'no environment' }],
      version: 2,
    });
  });

  it('leaves anything but an object alone', () => {
    expect(selectEnvironment(['x'], 'dev')).toEqual(['x']);
  });
});

describe('mergeTerraform', () => {
  it('merges resources and concatenates provider aliases', () => {
    expect(
      mergeTerraform([
        {
          provider: { aws: [{ alias: 'dev' }] },
          resource: { aws_iam_role: { a: { name: 'a' } } },
        },
        {
          provider: { aws: [{ alias: 'prd' }] },
          resource: { aws_iam_role: { b: { name: 'b' } }, x_thing: { c: {} } },
        },
      ]),
    ).toEqual({
      provider: { aws: [{ alias: 'dev' }, { alias: 'prd' }] },
      resource: {
        aws_iam_role: { a: { name: 'a' }, b: { name: 'b' } },
        x_thing: { c: {} },
      },
    });
  });
});
