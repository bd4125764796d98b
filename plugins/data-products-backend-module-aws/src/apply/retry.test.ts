import {
  IAMServiceException,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { isThrottlingError, withRetry } from './retry';

const throttling = () =>
  new IAMServiceException({
    name: 'Throttling',
    $fault: 'client',
    message: 'Rate exceeded',
    $metadata: {},
  });
const noSuchEntity = () =>
  new NoSuchEntityException({
    message: 'The role with name x cannot be found.',
    $metadata: {},
  });

function failing(errors: Array<() => Error>) {
  let calls = 0;
  const call = jest.fn(async () => {
    const error = errors[calls++];
    if (error) throw error();
    return 'ok';
  });
  return call;
}

describe('withRetry', () => {
  it('retries throttling with exponential backoff', async () => {
    const sleeps: number[] = [];
    const call = failing([throttling, throttling, throttling]);
    await expect(
      withRetry(call, {
        baseDelayMs: 100,
        random: () => 0,
        sleep: async ms => {
          sleeps.push(ms);
        },
      }),
    ).resolves.toBe('ok');
    expect(call).toHaveBeenCalledTimes(4);
    // Equal jitter: at least half of 100, 200, 400.
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('caps the backoff', async () => {
    const sleeps: number[] = [];
    const call = failing(Array(5).fill(throttling));
    await withRetry(call, {
      baseDelayMs: 1000,
      maxDelayMs: 3000,
      random: () => 0.999,
      sleep: async ms => {
        sleeps.push(ms);
      },
    });
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(3000);
  });

  it('gives up after the last retry with the last error', async () => {
    const call = failing(Array(10).fill(throttling));
    await expect(
      withRetry(call, { maxRetries: 2, sleep: async () => {} }),
    ).rejects.toMatchObject({ name: 'Throttling' });
    expect(call).toHaveBeenCalledTimes(3);
  });

  it('does not retry other errors unless the caller says they are transient', async () => {
    const once = failing([noSuchEntity]);
    await expect(
      withRetry(once, { sleep: async () => {} }),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    expect(once).toHaveBeenCalledTimes(1);

    const transient = failing([noSuchEntity, noSuchEntity]);
    await expect(
      withRetry(transient, {
        sleep: async () => {},
        isTransient: e => (e as Error).name === 'NoSuchEntityException',
      }),
    ).resolves.toBe('ok');
    expect(transient).toHaveBeenCalledTimes(3);
  });

  it('stops retrying once aborted', async () => {
    const controller = new AbortController();
    const call = failing(Array(10).fill(throttling));
    await expect(
      withRetry(call, {
        signal: controller.signal,
        sleep: async () => controller.abort(),
      }),
    ).rejects.toMatchObject({ name: 'Throttling' });
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('recognises the throttling errors of IAM, Glue, Athena and EC2-style APIs', () => {
    for (const name of [
      'Throttling',
      'ThrottlingException',
      'TooManyRequestsException',
      'RequestLimitExceeded',
    ]) {
      expect(isThrottlingError({ name })).toBe(true);
    }
    expect(
      isThrottlingError({ name: 'X', $metadata: { httpStatusCode: 429 } }),
    ).toBe(true);
    expect(isThrottlingError({ name: 'AccessDenied' })).toBe(false);
  });
});

describe('withRetry: errors only a changed request fixes, and errors that pass', () => {
  const named = (name: string) => () =>
    new IAMServiceException({
      name,
      $fault: 'client',
      message: name,
      $metadata: {},
    });

  it.each([
    'MalformedPolicyDocumentException',
    'LimitExceededException',
    'InvalidInputException',
  ])('never retries %s, even when the caller calls it transient', async name => {
    const call = failing([named(name)]);
    await expect(
      withRetry(call, { sleep: async () => {}, isTransient: () => true }),
    ).rejects.toThrow(name);
    expect(call).toHaveBeenCalledTimes(1);
  });

  it.each(['ConcurrentModificationException', 'DeleteConflictException'])(
    'retries %s',
    async name => {
      const call = failing([named(name), named(name)]);
      await expect(withRetry(call, { sleep: async () => {} })).resolves.toBe(
        'ok',
      );
      expect(call).toHaveBeenCalledTimes(3);
    },
  );
});
