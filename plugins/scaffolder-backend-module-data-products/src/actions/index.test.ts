import { NotAllowedError } from '@backstage/errors';
import { withSentenceErrors } from './index';

describe('withSentenceErrors', () => {
  it('leaves only the sentence in the stack of a refusal, which the task log shows', async () => {
    const sentence =
      'You may not change the data product Customer churn: it is owned by Team Sales.';
    const action = withSentenceErrors({
      id: 'x',
      handler: async (_ctx: unknown) => {
        throw new NotAllowedError(sentence);
      },
    });
    const error = await action.handler({}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(String(error.stack)).toBe(sentence);
  });

  it('keeps the stack of an unexpected error, for the people who fix it', async () => {
    const action = withSentenceErrors({
      id: 'x',
      handler: async (_ctx: unknown) => {
        throw new TypeError('x is undefined');
      },
    });
    const error = await action.handler({}).catch((e: Error) => e);
    expect(String(error.stack)).toContain('index.test.ts');
  });
});
