import type { Entity } from '@backstage/catalog-model';
import type {
  DataProductEntity,
  DatasetEntity,
} from '@meshport/plugin-data-products-common';
import { buildTitleLookup, toSearchDocument } from './documents';

const product: DataProductEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'logistics', title: 'Logistics', description: 'Parcels' },
  spec: { owner: 'team-logistics', domain: 'operations' },
};
const dataset: DatasetEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'shipments', title: 'Shipments', tags: ['parcels'] },
  spec: {
    dataProduct: 'logistics',
    owner: 'team-logistics',
    access: 'restricted',
    schema: {
      columns: [
        { name: 'delivered_at', type: 'timestamp', description: 'Delivery' },
        { name: 'email', type: 'string', classification: 'pii' },
        { name: 'carrier', type: 'string', classification: 'internal' },
      ],
    },
  },
};
const named: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-logistics', title: 'Logistics team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'operations', title: 'Operations' },
  },
];

describe('toSearchDocument', () => {
  const titles = buildTitleLookup([...named, product, dataset]);

  it('indexes a dataset with titles, columns and classifications', () => {
    expect(toSearchDocument(dataset, titles)).toEqual({
      title: 'Shipments',
      text: '',
      location: '/catalog/default/dataset/shipments',
      entityRef: 'dataset:default/shipments',
      kind: 'Dataset',
      owner: 'Logistics team',
      product: 'Logistics',
      domain: 'Operations',
      access: 'restricted',
      lifecycle: '',
      tags: ['parcels'],
      columns: ['delivered_at', 'email', 'carrier'],
      columnWords: 'delivered_at email carrier',
      columnDescriptions: 'Delivery',
      classifications: ['internal', 'pii'],
      pii: 'yes',
      authorization: { resourceRef: 'dataset:default/shipments' },
    });
  });

  it('indexes a product with its domain and owner titles', () => {
    expect(toSearchDocument(product, titles)).toMatchObject({
      title: 'Logistics',
      text: 'Parcels',
      kind: 'DataProduct',
      product: 'Logistics',
      domain: 'Operations',
      owner: 'Logistics team',
      access: '',
      pii: 'no',
    });
  });

  it('falls back to names for refs the catalog does not know', () => {
    const doc = toSearchDocument(dataset, buildTitleLookup([]));
    expect(doc).toMatchObject({
      owner: 'team-logistics',
      product: 'logistics',
    });
  });
});
