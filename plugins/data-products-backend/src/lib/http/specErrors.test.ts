import { describeSpecRefusals, isSpecRefusal } from './specErrors';
import { InputError } from '@backstage/errors';

describe('describeSpecRefusals', () => {
  it('names the field the way the routes do, and says what was expected', () => {
    expect(
      describeSpecRefusals(
        "request/body must have required property 'purpose', request/query/format must be equal to one of the allowed values: terraform, json",
      ),
    ).toEqual([
      { location: 'body', sentence: 'body.purpose: is required' },
      {
        location: 'query',
        sentence: 'query.format: must be one of: terraform, json',
      },
    ]);
  });

  it('speaks of types, list sizes and lengths in words, without JSON pointers or schema keywords', () => {
    const sentences = describeSpecRefusals(
      [
        'request/body/entities/0 must be object',
        'request/body/entities must NOT have fewer than 1 items',
        'request/body/measurements must NOT have more than 1000 items',
        'request/body/note must NOT have more than 2000 characters',
        'request/body/rowCount must be >= 0',
        'request/body must NOT have additional properties',
        'request/body must match exactly one schema in oneOf',
        'request/path/id must be string',
      ].join(', '),
    ).map(refusal => refusal.sentence);
    expect(sentences).toEqual([
      'body.entities.0: must be a JSON object',
      'body.entities: must hold at least 1 item',
      'body.measurements: must hold at most 1000 items',
      'body.note: must be at most 2000 characters',
      'body.rowCount: must be at least 0',
      'body: has a field that is not documented',
      'body: must have one of the documented shapes',
      'params.id: must be a text',
    ]);
    for (const sentence of sentences) {
      expect(sentence).not.toMatch(/\/|#|NOT|>=|oneOf|additional properties/);
    }
  });

  it('names a missing body as the body', () => {
    expect(
      describeSpecRefusals("request must have required property 'body'"),
    ).toEqual([{ location: 'body', sentence: 'body: is required' }]);
  });

  it('tells the validator’s refusals from other 400s', () => {
    expect(isSpecRefusal(new InputError('request/body must be object'))).toBe(
      true,
    );
    expect(
      isSpecRefusal(
        new InputError("request must have required property 'body'"),
      ),
    ).toBe(true);
    expect(isSpecRefusal(new InputError('request entity too large'))).toBe(
      false,
    );
    expect(
      isSpecRefusal(
        new InputError('query.limit: must be a number between 1 and 100'),
      ),
    ).toBe(false);
  });
});
