import { CoalescingTrigger } from './CoalescingTrigger';

describe('CoalescingTrigger', () => {
  function fakeProvisioning() {
    const calls: Array<{ dataProducts?: string[]; requestedBy?: string }> = [];
    const releases: Array<(error?: Error) => void> = [];
    return {
      calls,
      release: (error?: Error) => releases.shift()!(error),
      provisioning: {
        trigger: (request: {
          dataProducts?: string[];
          requestedBy?: string;
        }) => {
          calls.push({
            dataProducts: request.dataProducts,
            requestedBy: request.requestedBy,
          });
          return new Promise<any>((resolve, reject) =>
            releases.push(error => (error ? reject(error) : resolve({}))),
          );
        },
      },
    };
  }

  it('asks at once when idle, and merges what arrives meanwhile into one next call', async () => {
    const fake = fakeProvisioning();
    const trigger = new CoalescingTrigger(fake.provisioning);

    const first = trigger.trigger(['dataproduct:default/a'], 'user:default/u1');
    const second = trigger.trigger(
      ['dataproduct:default/c'],
      'user:default/u1',
    );
    const third = trigger.trigger(['dataproduct:default/b'], 'user:default/u2');
    const fourth = trigger.trigger(
      ['dataproduct:default/c'],
      'user:default/u2',
    );
    expect(fake.calls).toEqual([
      {
        dataProducts: ['dataproduct:default/a'],
        requestedBy: 'user:default/u1',
      },
    ]);

    fake.release();
    await first;
    await Promise.resolve();
    // One call for the three that waited; several people's: recorded for none.
    expect(fake.calls[1]).toEqual({
      dataProducts: ['dataproduct:default/b', 'dataproduct:default/c'],
      requestedBy: undefined,
    });
    fake.release();
    await Promise.all([second, third, fourth]);
    expect(fake.calls).toHaveLength(2);
  });

  it('rejects every caller of a failed call, and keeps working', async () => {
    const fake = fakeProvisioning();
    const trigger = new CoalescingTrigger(fake.provisioning);

    const first = trigger.trigger(['dataproduct:default/a']);
    const waiting = [
      trigger.trigger(['dataproduct:default/b']),
      trigger.trigger(['dataproduct:default/c']),
    ];
    fake.release();
    await first;
    await Promise.resolve();
    fake.release(new Error('database down'));
    for (const promise of waiting) {
      await expect(promise).rejects.toThrow('database down');
    }

    const after = trigger.trigger(['dataproduct:default/d'], 'user:default/u1');
    fake.release();
    await after;
    expect(fake.calls.at(-1)).toEqual({
      dataProducts: ['dataproduct:default/d'],
      requestedBy: 'user:default/u1',
    });
  });
});
