import { diffLines, operationDiff, printLines, reviewedPart } from './diff';

const policy = (actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});

describe('printLines', () => {
  it('sorts keys so that a reordered document prints the same', () => {
    expect(printLines({ b: 1, a: { d: 2, c: 3 } })).toEqual(
      printLines({ a: { c: 3, d: 2 }, b: 1 }),
    );
    expect(printLines(undefined)).toEqual([]);
  });
});

describe('reviewedPart', () => {
  it.each([
    ['an IAM document', { document: { a: 1 }, arn: 'x' }, { a: 1 }],
    ['a bucket policy', { policy: { b: 2 }, dependsOn: ['y'] }, { b: 2 }],
    [
      'other details, without bookkeeping',
      { name: 'db', dependsOn: ['y'], changes: ['tags'] },
      { name: 'db' },
    ],
  ])('%s', (_name, details, expected) => {
    expect(reviewedPart(details)).toEqual(expected);
  });
});

describe('diffLines', () => {
  it.each<[string, string[], string[], string]>([
    ['identical', ['a', 'b'], ['a', 'b'], ' a  b'],
    ['one line changed', ['a', 'b', 'c'], ['a', 'x', 'c'], ' a -b +x  c'],
    ['added at the end', ['a'], ['a', 'b'], ' a +b'],
    ['removed at the start', ['a', 'b'], ['b'], '-a  b'],
    ['from nothing', [], ['a', 'b'], '+a +b'],
    ['to nothing', ['a'], [], '-a'],
  ])('%s', (_name, before, after, expected) => {
    const sign = { same: ' ', added: '+', removed: '-' };
    expect(
      diffLines(before, after)
        .map(l => `${sign[l.kind]}${l.text}`)
        .join(' '),
    ).toBe(expected);
  });
});

describe('operationDiff', () => {
  it('an update shows the action added to the policy, the rest as context', () => {
    const diff = operationDiff(
      'update',
      { document: policy(['s3:GetObject']) },
      { document: policy(['s3:GetObject', 's3:ListBucket']) },
    )!;
    expect(
      diff.filter(l => l.kind === 'added').map(l => l.text.trim()),
    ).toEqual(['"s3:GetObject",', '"s3:ListBucket"']);
    expect(
      diff.filter(l => l.kind === 'removed').map(l => l.text.trim()),
    ).toEqual(['"s3:GetObject"']);
    expect(
      diff.some(l => l.kind === 'same' && l.text.includes('"Effect": "Allow"')),
    ).toBe(true);
  });

  it('a create is all added, a delete all removed (from the previous details)', () => {
    const created = operationDiff('create', undefined, {
      document: policy(['a']),
    })!;
    expect(created.every(l => l.kind === 'added')).toBe(true);
    const deleted = operationDiff(
      'delete',
      { document: policy(['a']) },
      { arn: 'x' },
    )!;
    expect(deleted.every(l => l.kind === 'removed')).toBe(true);
    expect(deleted.map(l => l.text).join('\n')).toContain('"a"');
  });

  it('a delete with nothing recorded before has nothing to show', () => {
    expect(operationDiff('delete', undefined, {})).toBeUndefined();
  });
});
