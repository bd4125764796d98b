import {
  boundedName,
  EnvironmentArns,
  normalizeRef,
  partitionOf,
  productSlug,
  roleName,
  shortHash,
  workgroupName,
} from './names';
import { DEV } from './__fixtures__/mesh';

describe('names', () => {
  it('normalises short and mixed-case refs', () => {
    expect(normalizeRef('orders', 'Dataset', 'sales')).toBe(
      'dataset:sales/orders',
    );
    expect(normalizeRef('DataProduct:Default/Churn', 'Dataset')).toBe(
      'dataproduct:default/churn',
    );
  });

  it('uses the name alone in the default namespace', () => {
    expect(productSlug('dataproduct:default/churn')).toBe('churn');
    expect(productSlug('dataproduct:finance/churn')).toBe('finance-churn');
  });

  it('builds role names and leaves short ones alone', () => {
    expect(
      roleName('meshport', 'dataproduct:default/churn', 'dev', 'owner'),
    ).toBe('meshport-churn-dev-owner');
  });

  it('truncates long product names deterministically, with a hash, within 64 characters', () => {
    const ref = `dataproduct:default/${'a'.repeat(60)}`;
    const names = (['consumer', 'service', 'owner'] as const).map(
      kind => roleName('meshport', ref, 'prd', kind)!,
    );
    const hash = shortHash(ref);
    expect(names[0]).toBe(`meshport-${'a'.repeat(33)}-${hash}-prd-consumer`);
    expect(names[0]).toHaveLength(64);
    expect(names[2]).toBe(`meshport-${'a'.repeat(33)}-${hash}-prd-owner`);
    expect(roleName('meshport', ref, 'prd', 'consumer')).toBe(names[0]);
    // a different product with the same beginning gets another name
    expect(roleName('meshport', `${ref}b`, 'prd', 'consumer')).not.toBe(
      names[0],
    );
  });

  it('does not end the cut part with a separator', () => {
    expect(boundedName('p-', 'a-cdefghijkl', '-x', 15, 'src')).toBe(
      `p-a-${shortHash('src')}-x`,
    );
    expect(boundedName('p-', 'abc-def', '-x', 15, 'src')).toBe('p-abc-def-x');
    expect(boundedName('p-', 'abc', '-x', 5, 'src')).toBeUndefined();
  });

  it('bounds workgroup names to 128 characters', () => {
    const ref = `dataproduct:${'n'.repeat(63)}/${'m'.repeat(63)}`;
    expect(workgroupName('meshport', ref, 'dev')!.length).toBeLessThanOrEqual(
      128,
    );
    expect(workgroupName('meshport', 'dataproduct:default/churn', 'dev')).toBe(
      'meshport-churn-dev',
    );
  });

  it('knows the partition of a region', () => {
    expect([
      partitionOf('eu-west-1'),
      partitionOf('cn-north-1'),
      partitionOf('us-gov-west-1'),
      partitionOf('us-iso-east-1'),
      partitionOf('us-isob-east-1'),
      partitionOf('eu-isoe-west-1'),
      partitionOf('us-isof-south-1'),
      partitionOf('eusc-de-east-1'),
    ]).toEqual([
      'aws',
      'aws-cn',
      'aws-us-gov',
      'aws-iso',
      'aws-iso-b',
      'aws-iso-e',
      'aws-iso-f',
      'aws-eusc',
    ]);
  });

  it('builds ARNs for an environment', () => {
    const arns = new EnvironmentArns(DEV);
    expect(arns.role('/meshport/', 'r')).toBe(
      'arn:aws:iam::111111111111:role/meshport/r',
    );
    expect(arns.policy('/', 'p')).toBe('arn:aws:iam::111111111111:policy/p');
    expect(arns.objects('b', 'sales/orders/')).toBe(
      'arn:aws:s3:::b/sales/orders/*',
    );
    expect(arns.glueTable('db')).toBe(
      'arn:aws:glue:eu-west-1:111111111111:table/db/*',
    );
    expect(arns.glueTable('db', 't')).toBe(
      'arn:aws:glue:eu-west-1:111111111111:table/db/t',
    );
    expect(arns.athenaWorkgroup('w')).toBe(
      'arn:aws:athena:eu-west-1:111111111111:workgroup/w',
    );
    expect(
      new EnvironmentArns({ ...DEV, region: 'cn-north-1' }).bucket('b'),
    ).toBe('arn:aws-cn:s3:::b');
  });
});
