import type { Entity } from '@backstage/catalog-model';
import {
  facetOptions,
  homeFilter,
  homeTextFilter,
  productsOf,
  toCards,
} from './model';

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

  it("takes a dataset's domain from products fetched apart, and lists the products to fetch", () => {
    const [, dataset] = entities;
    const alone = toCards([dataset]);
    expect(alone[0].domain).toBeUndefined();
    expect(productsOf(alone)).toEqual(['dataproduct:default/logistics']);
    const withDomains = toCards(
      [dataset],
      new Map([['dataproduct:default/logistics', 'domain:default/operations']]),
    );
    expect(withDomains[0].domain).toBe('domain:default/operations');
    expect(productsOf(withDomains)).toEqual([]);
  });

  it('asks the catalog for the filtered products and datasets', () => {
    expect(homeFilter({})).toEqual([{ kind: ['DataProduct', 'Dataset'] }]);
    expect(
      homeFilter({
        kind: 'Dataset',
        access: 'restricted',
        classification: 'pii',
        lifecycle: 'production',
        owners: ['Group:default/team-logistics'],
      }),
    ).toEqual([
      {
        kind: ['Dataset'],
        'spec.access': 'restricted',
        'spec.schema.columns.classification': 'pii',
        'spec.lifecycle': 'production',
        'relations.ownedBy': ['group:default/team-logistics'],
      },
    ]);
    expect(homeTextFilter({ text: '  parcel ' })).toEqual({
      term: 'parcel',
      fields: ['metadata.title', 'metadata.description'],
    });
    expect(homeTextFilter({ text: ' ' })).toBeUndefined();
  });

  it("finds a domain's products by partOf and its datasets through those products", () => {
    expect(
      homeFilter(
        { domain: 'domain:default/operations', type: 'source-aligned' },
        ['DataProduct:default/Logistics'],
      ),
    ).toEqual([
      {
        kind: 'DataProduct',
        'relations.partOf': 'domain:default/operations',
        'spec.type': 'source-aligned',
      },
      {
        kind: 'Dataset',
        'relations.outputOf': ['dataproduct:default/logistics'],
        'spec.type': 'source-aligned',
      },
    ]);
    // datasets only, in a domain without products: nothing matches
    const none = homeFilter({
      domain: 'domain:default/empty',
      kind: 'dataset',
    });
    expect(none).toEqual([{ kind: ['dataset'], 'metadata.uid': '-' }]);
  });

  it("narrows the filter to an SLO status's refs, by kind and namespace, or to nothing", () => {
    const refs = [
      'dataset:default/orders',
      'Dataset:default/lines',
      'dataset:finance/revenue',
      'dataproduct:default/sales',
    ];
    expect(
      homeFilter(
        { slo: 'breached', kind: 'Dataset', access: 'open' },
        [],
        refs,
      ),
    ).toEqual([
      {
        kind: 'dataset',
        'spec.access': 'open',
        'metadata.namespace': 'default',
        'metadata.name': ['orders', 'lines'],
      },
      {
        kind: 'dataset',
        'spec.access': 'open',
        'metadata.namespace': 'finance',
        'metadata.name': ['revenue'],
      },
    ]);
    // a product-only status with the Dataset kind chosen: nothing matches
    expect(
      homeFilter(
        { slo: 'met', kind: 'Dataset' },
        [],
        ['dataproduct:default/sales'],
      ),
    ).toEqual([{ kind: ['DataProduct', 'Dataset'], 'metadata.uid': '-' }]);
    expect(homeFilter({ slo: 'met' }, [], [])).toEqual([
      { kind: ['DataProduct', 'Dataset'], 'metadata.uid': '-' },
    ]);
    // without a status the refs do not matter
    expect(homeFilter({}, [], refs)).toEqual([
      { kind: ['DataProduct', 'Dataset'] },
    ]);
  });

  it("offers each facet's values with the catalog's counts, sorted", () => {
    const facets = {
      'spec.access': [
        { value: 'unrestricted', count: 3 },
        { value: 'restricted', count: 7 },
      ],
      'spec.schema.columns.classification': [{ value: 'pii', count: 2 }],
    };
    expect(facetOptions(facets, 'access')).toEqual([
      { value: 'restricted', count: 7 },
      { value: 'unrestricted', count: 3 },
    ]);
    expect(facetOptions(facets, 'classification')).toEqual([
      { value: 'pii', count: 2 },
    ]);
    expect(facetOptions(facets, 'domain')).toEqual([]);
    expect(facetOptions(undefined, 'kind')).toEqual([]);
  });
});
