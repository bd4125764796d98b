import { filterSloStatusItems, sloStatusItems } from './statuses';

describe('sloStatusItems', () => {
  const items = sloStatusItems([
    {
      dataset: 'dataset:default/Orders',
      dataProduct: 'dataproduct:default/sales',
      status: 'met',
    },
    {
      dataset: 'dataset:default/lines',
      dataProduct: 'dataproduct:default/sales',
      status: 'at-risk',
    },
    {
      dataset: 'dataset:default/raw',
      dataProduct: 'dataproduct:default/sales',
    },
    {
      dataset: 'dataset:default/events',
      dataProduct: 'dataproduct:default/web',
      status: 'no-data',
    },
    {
      dataset: 'dataset:default/shipments',
      dataProduct: 'dataproduct:default/web',
      status: 'breached',
    },
    { dataset: 'dataset:default/plain' },
    { dataset: 'dataset:default/orphan', status: 'met' },
    {
      dataset: 'dataset:default/nothing',
      dataProduct: 'dataproduct:default/bare',
    },
  ]);

  it("gives each dataset with SLOs its status and each product its worst dataset's", () => {
    expect(items).toEqual([
      { entityRef: 'dataproduct:default/sales', status: 'at-risk' },
      { entityRef: 'dataproduct:default/web', status: 'breached' },
      { entityRef: 'dataset:default/events', status: 'no-data' },
      { entityRef: 'dataset:default/lines', status: 'at-risk' },
      { entityRef: 'dataset:default/orders', status: 'met' },
      { entityRef: 'dataset:default/orphan', status: 'met' },
      { entityRef: 'dataset:default/shipments', status: 'breached' },
    ]);
  });

  it('ranks no data below at risk and above met for a product', () => {
    expect(
      sloStatusItems([
        {
          dataset: 'dataset:default/a',
          dataProduct: 'dataproduct:default/p',
          status: 'met',
        },
        {
          dataset: 'dataset:default/b',
          dataProduct: 'dataproduct:default/p',
          status: 'no-data',
        },
      ])[0],
    ).toEqual({ entityRef: 'dataproduct:default/p', status: 'no-data' });
  });

  it('filters by status and by ref (case-insensitively), both or either', () => {
    expect(
      filterSloStatusItems(items, { statuses: ['breached'] }).map(
        i => i.entityRef,
      ),
    ).toEqual(['dataproduct:default/web', 'dataset:default/shipments']);
    expect(
      filterSloStatusItems(items, {
        entityRefs: ['DataProduct:default/sales', 'dataset:default/plain'],
      }),
    ).toEqual([{ entityRef: 'dataproduct:default/sales', status: 'at-risk' }]);
    expect(
      filterSloStatusItems(items, {
        statuses: ['met'],
        entityRefs: ['dataproduct:default/sales', 'dataset:default/orders'],
      }),
    ).toEqual([{ entityRef: 'dataset:default/orders', status: 'met' }]);
    expect(filterSloStatusItems(items, {})).toEqual(items);
  });
});
