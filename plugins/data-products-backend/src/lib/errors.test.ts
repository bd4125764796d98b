import { NotFoundError } from '@backstage/errors';
import { describeError, toError } from './errors';

describe('toError', () => {
  it('keeps an error as it is', () => {
    const error = new NotFoundError('No Dataset orders');
    expect(toError(error)).toBe(error);
  });

  it('makes an error of a thrown non-error, naming it', () => {
    const error = toError('disk full');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("unknown error 'disk full'");
  });
});

describe('describeError', () => {
  it('gives a plain error its message alone and a named one its name', () => {
    expect(describeError(new Error('disk full'))).toBe('disk full');
    expect(describeError(new NotFoundError('No Dataset orders'))).toBe(
      'NotFoundError: No Dataset orders',
    );
    expect(describeError(42)).toBe('42');
  });
});
