/* Shared fixtures of the SLO tests. */
import type { DatasetEntity } from '@meshport/plugin-data-products-common';
import { dataProduct, dataset } from '../testing/entities';

export { dataProduct };

/** A Dataset with the relations the catalog processor would add. */
export function sloDataset(
  name: string,
  product: string,
  spec: Partial<DatasetEntity['spec']> = {},
): DatasetEntity {
  const entity = dataset(name, product, {
    owner: 'team-sales',
    slos: {
      availability: { target: 99.5, window: '20d' },
      completeness: { target: 95, maxDropPercent: 5 },
      freshness: { target: 95, maxAge: '24h' },
    },
    ...spec,
  });
  return {
    ...entity,
    relations: [
      { type: 'outputOf', targetRef: `dataproduct:default/${product}` },
      { type: 'ownedBy', targetRef: 'group:default/team-sales' },
    ],
  };
}
