/*
 * A generated catalog for the home benchmark: 10 domains, products owned by the sample
 * organisation's teams (examples/org.yaml: the guest is in team-sales), each declaring two input
 * ports, and datasets of 12 columns (some classified pii) spread over the products.
 */
const TEAMS = [
  'team-sales',
  'team-finance',
  'team-marketing',
  'team-logistics',
  'data-platform',
];
const WORDS = [
  'orders',
  'customers',
  'shipments',
  'invoices',
  'campaigns',
  'leads',
  'payments',
  'returns',
];
const COLUMNS = [
  'id',
  'created_at',
  'updated_at',
  'amount',
  'currency',
  'status',
  'country',
  'email',
  'customer_id',
  'region',
  'channel',
];
const DOMAINS = 10;

/** Plain entity objects; the benchmark serialises them as YAML documents. */
export function catalogEntities({ products, datasets }) {
  const entities = [];
  for (let d = 0; d < DOMAINS; d++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: `bench-domain-${d}`, title: `Domain ${d}` },
      spec: { owner: TEAMS[d % TEAMS.length] },
    });
  }
  for (let p = 0; p < products; p++) {
    const word = WORDS[p % WORDS.length];
    entities.push({
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'DataProduct',
      metadata: {
        name: `bench-product-${p}`,
        title: `Product ${p} ${word}`,
        description: `Everything about ${word} of unit ${p}`,
        tags: [word],
      },
      spec: {
        owner: TEAMS[p % TEAMS.length],
        domain: `bench-domain-${p % DOMAINS}`,
        lifecycle: p % 10 ? 'production' : 'experimental',
        type: p % 3 ? 'source-aligned' : 'consumer-aligned',
        environments: ['dev'],
        inputPorts: [1, 2].map(k => ({
          dataset: `bench-dataset-${(p * 7 + k * 13) % datasets}`,
          purpose: `Reads ${word} for unit ${p}`,
        })),
      },
    });
  }
  for (let d = 0; d < datasets; d++) {
    const word = WORDS[d % WORDS.length];
    const product = d % products;
    entities.push({
      apiVersion: 'meshport.io/v1alpha1',
      kind: 'Dataset',
      metadata: {
        name: `bench-dataset-${d}`,
        title: `${word} ${d}`,
        description: `Daily ${word} with amounts and statuses`,
        tags: [word],
      },
      spec: {
        dataProduct: `bench-product-${product}`,
        owner: TEAMS[product % TEAMS.length],
        access: d % 3 ? 'restricted' : 'unrestricted',
        lifecycle: 'production',
        schema: {
          columns: [
            ...COLUMNS.map((name, i) => ({
              name,
              type: 'string',
              description: `The ${name.replace('_', ' ')}`,
              ...(i === 0 ? { primaryKey: true, required: true } : {}),
              ...(name === 'email' && d % 4 === 0
                ? { classification: 'pii' }
                : {}),
            })),
            {
              name: `col_${d}_key`,
              type: 'string',
              description: 'A key of its own',
            },
          ],
        },
      },
    });
  }
  return entities;
}
