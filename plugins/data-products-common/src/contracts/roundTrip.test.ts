import { validateEntity } from '../validation';
import { exportDatasetToOdcs, importOdcsContract } from './odcs';
import { exportDataProductToOdps, importOdpsProduct } from './odps';
import {
  EXAMPLE_ENVIRONMENTS,
  loadExampleProducts,
} from './__testUtils__/examples';

const examples = loadExampleProducts();
const datasets = examples.flatMap(example =>
  example.datasets.map(dataset => ({ example, dataset })),
);

describe('import(export(x)) = x for every example entity', () => {
  it('covers every example product and dataset', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(datasets.length).toBeGreaterThanOrEqual(14);
  });

  describe.each(datasets.map(d => [d.dataset.metadata.name, d] as const))(
    'Dataset %s',
    (_name, { example, dataset }) => {
      it('round-trips through ODCS without environments', () => {
        const contract = exportDatasetToOdcs(dataset);
        const { entity, unmapped } = importOdcsContract(contract);
        expect(unmapped).toEqual([]);
        expect(entity).toEqual(dataset);
      });

      it('round-trips through ODCS with per-environment servers and the domain', () => {
        const contract = exportDatasetToOdcs(dataset, {
          environments: EXAMPLE_ENVIRONMENTS.filter(environment =>
            (example.product.spec.environments ?? []).includes(
              environment.name,
            ),
          ),
          domain: example.product.spec.domain,
        });
        const { entity, unmapped } = importOdcsContract(contract, {
          environments: EXAMPLE_ENVIRONMENTS,
          domain: example.product.spec.domain,
        });
        expect(unmapped).toEqual([]);
        expect(entity).toEqual(dataset);
        expect(validateEntity(entity)).toEqual([]);
      });
    },
  );

  describe.each(examples.map(e => [e.product.metadata.name, e] as const))(
    'DataProduct %s',
    (_name, example) => {
      it('round-trips through ODPS with its datasets as output ports', () => {
        const document = exportDataProductToOdps(example.product, {
          datasets: example.datasets,
        });
        expect(document.outputPorts).toHaveLength(example.datasets.length);
        const { entity, unmapped } = importOdpsProduct(document, {
          datasets: example.datasets,
        });
        expect(unmapped).toEqual([]);
        expect(entity).toEqual(example.product);
        expect(validateEntity(entity)).toEqual([]);
      });
    },
  );
});

describe('what an export says', () => {
  const orders = datasets.find(d => d.dataset.metadata.name === 'orders')!;

  it('maps the orders dataset onto the ODCS sections', () => {
    const contract = exportDatasetToOdcs(orders.dataset, {
      environments: EXAMPLE_ENVIRONMENTS,
      domain: 'sales',
    });
    expect(contract).toMatchObject({
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'dataset:default/orders',
      name: 'orders',
      version: '1.0.0',
      status: 'active',
      domain: 'sales',
      dataProduct: 'sales-orders',
      team: { name: 'team-sales' },
      roles: [
        { role: 'consumer', access: 'read', firstLevelApprovers: 'team-sales' },
      ],
      slaProperties: [
        { property: 'availability', value: 99.5, unit: 'percent' },
        { property: 'latency', value: 2, unit: 'h' },
      ],
    });
    expect(contract.servers).toEqual([
      expect.objectContaining({
        server: 'dev-glue-sales_orders-orders',
        type: 'glue',
        environment: 'dev',
        account: '111111111111',
        database: 'sales_orders',
      }),
      {
        server: 'dev-s3-datalake',
        type: 's3',
        environment: 'dev',
        location: 's3://meshport-dev-datalake/sales/orders/',
        format: 'parquet',
      },
      expect.objectContaining({ server: 'prd-glue-sales_orders-orders' }),
      expect.objectContaining({
        location: 's3://meshport-prd-datalake/sales/orders/',
      }),
    ]);
    const [table] = contract.schema as any[];
    expect(table).toMatchObject({
      name: 'orders',
      physicalName: 'orders',
      businessName: 'Orders',
      quality: [
        expect.objectContaining({
          metric: 'rowCount',
          dimension: 'completeness',
        }),
      ],
    });
    expect(table.properties[0]).toEqual({
      name: 'order_id',
      logicalType: 'string',
      physicalType: 'varchar(36)',
      description: 'Unique id of the order.',
      required: true,
      primaryKey: true,
      primaryKeyPosition: 1,
    });
  });

  it('links ODPS ports to the ODCS contract ids', () => {
    const customer360 = examples.find(
      e => e.product.metadata.name === 'customer-360',
    )!;
    const document = exportDataProductToOdps(customer360.product, {
      datasets: customer360.datasets,
    });
    expect(document.inputPorts).toEqual([
      expect.objectContaining({
        name: 'orders',
        version: '1.0.0',
        contractId: 'dataset:default/orders',
      }),
      expect.objectContaining({ contractId: 'dataset:default/shipments' }),
    ]);
    expect(document.outputPorts).toEqual([
      expect.objectContaining({
        name: 'customer-profile',
        contractId: exportDatasetToOdcs(customer360.datasets[0]).id,
      }),
      expect.objectContaining({ name: 'customer-segments' }),
    ]);
  });
});
