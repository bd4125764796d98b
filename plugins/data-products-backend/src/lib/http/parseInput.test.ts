import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { formatIssuePath, parse } from './parseInput';

const body = z.strictObject({
  items: z.array(
    z.strictObject({ count: z.number({ error: 'must be a number' }) }),
  ),
});

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('parse', () => {
  it('gives what the schema accepts', () => {
    expect(parse(body, { items: [{ count: 1 }] }, 'body')).toEqual({
      items: [{ count: 1 }],
    });
  });

  it('names a field with its location by default', () => {
    expect(
      refusal(() => parse(body, { items: [{ count: 'x' }] }, 'body')),
    ).toBe('body.items.0.count: must be a number');
    expect(refusal(() => parse(body, { items: [], extra: 1 }, 'body'))).toBe(
      'body.extra: is not a known field',
    );
  });

  it('names a field as in the caller’s document when asked', () => {
    const indexed = { fieldNames: 'indexed' } as const;
    expect(
      refusal(() =>
        parse(body, { items: [{ count: 1 }, { count: 'x' }] }, 'body', indexed),
      ),
    ).toBe('items[1].count: must be a number');
    expect(
      refusal(() =>
        parse(body, { items: [{ count: 1, colour: 'red' }] }, 'body', indexed),
      ),
    ).toBe('items[0].colour: is not a known field');
    expect(refusal(() => parse(body, [1, 2], 'body', indexed))).toMatch(
      /^body: /,
    );
  });

  it('names at most ten fields', () => {
    const items = Array.from({ length: 12 }, () => ({ count: 'x' }));
    const message = refusal(() =>
      parse(body, { items }, 'body', { fieldNames: 'indexed' }),
    );
    expect(message.split('; ')).toHaveLength(10);
    expect(message).toContain('items[9].count');
    expect(message).not.toContain('items[10].count');
  });
});

describe('formatIssuePath', () => {
  it('writes indices in brackets', () => {
    expect(formatIssuePath(['measurements', 3, 'rowCount'])).toBe(
      'measurements[3].rowCount',
    );
  });
});
