import type { Entity } from '@backstage/catalog-model';
import { facetValues, filterCards, toCards } from './model';

const entities: Entity[] = [
  {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: { name: 'logistics', title: 'Logistics', description: 'Parcels' },
    spec: { lifecycle: 'production', type: 'source-aligned' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-logistics' },
      { type: 'partOf', targetRef: 'domain:default/operations' },
      { type: 'hasOutput', targetRef: 'dataset:default/shipments' },
    ],
  },
  {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'Dataset',
    metadata: {
      name: 'shipments',
      title: 'Shipments',
      description: 'Every parcel',
    },
    spec: {
      access: 'restricted',
      lifecycle: 'production',
      schema: {
        columns: [
          { name: 'email', classification: 'pii' },
          { name: 'carrier', classification: 'internal' },
        ],
      },
    },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-logistics' },
      { type: 'outputOf', targetRef: 'dataproduct:default/logistics' },
      { type: 'consumedBy', targetRef: 'dataproduct:default/customer-360' },
      { type: 'consumedBy', targetRef: 'dataproduct:default/ads' },
    ],
  },
];

describe('the Data home model', () => {
  const cards = toCards(entities);

  it("makes cards with domain (a dataset takes its product's), PII and consumers", () => {
    expect(cards).toMatchObject([
      {
        kind: 'DataProduct',
        title: 'Logistics',
        domain: 'domain:default/operations',
        owner: 'group:default/team-logistics',
        datasets: 1,
        pii: false,
      },
      {
        kind: 'Dataset',
        title: 'Shipments',
        domain: 'domain:default/operations',
        product: 'dataproduct:default/logistics',
        access: 'restricted',
        pii: true,
        classifications: ['internal', 'pii'],
        consumers: 2,
      },
    ]);
  });

  it('filters by facets, text and owner', () => {
    expect(filterCards(cards, { kind: 'Dataset' }).map(c => c.title)).toEqual([
      'Shipments',
    ]);
    expect(filterCards(cards, { classification: 'pii' })).toHaveLength(1);
    expect(filterCards(cards, { text: 'parcel' })).toHaveLength(2);
    expect(
      filterCards(cards, { owners: ['group:default/team-sales'] }),
    ).toEqual([]);
    expect(
      filterCards(cards, {
        owners: ['Group:default/team-logistics'],
        access: 'restricted',
      }),
    ).toHaveLength(1);
  });

  it('counts facet values', () => {
    expect(facetValues(cards, c => c.classifications)).toEqual([
      { value: 'internal', count: 1 },
      { value: 'pii', count: 1 },
    ]);
  });
});
