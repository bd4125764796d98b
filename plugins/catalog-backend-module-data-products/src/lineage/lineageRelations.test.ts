import { CachedLineageRelations, toTargets } from './lineageRelations';

describe('lineage relations for the catalog', () => {
  it('groups targets by lowercase source', () => {
    expect(
      toTargets({
        items: [
          {
            source: 'dataset:default/Orders',
            target: 'dataproduct:default/churn',
          },
          {
            source: 'dataset:default/orders',
            target: 'dataproduct:default/crm',
          },
        ],
      }),
    ).toEqual(
      new Map([
        [
          'dataset:default/orders',
          ['dataproduct:default/churn', 'dataproduct:default/crm'],
        ],
      ]),
    );
  });

  it('fetches once per minute and keeps the last known relations when the backend fails', async () => {
    let now = 0;
    const fetch = jest
      .fn()
      .mockResolvedValueOnce({ items: [{ source: 'a', target: 'b' }] })
      .mockRejectedValueOnce(new Error('down'));
    const warn = jest.fn();
    const cache = new CachedLineageRelations({
      fetch,
      now: () => now,
      logger: { warn } as any,
    });
    expect((await cache.get()).get('a')).toEqual(['b']);
    now = 30_000;
    await Promise.all([cache.get(), cache.get()]);
    expect(fetch).toHaveBeenCalledTimes(1);
    now = 61_000;
    expect((await cache.get()).get('a')).toEqual(['b']);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/keeping the last known ones: down/),
    );
  });
});
