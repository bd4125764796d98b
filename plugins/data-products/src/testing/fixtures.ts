/*
 * Sample entities for the card tests: a producing product, one of its
 * datasets and a consuming product, related the way the catalog processor
 * relates them.
 */
import type {
  DataProductEntity,
  DatasetEntity,
} from '@meshport/plugin-data-products-common';

export const salesOrdersProduct: DataProductEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: {
    name: 'sales-orders',
    namespace: 'default',
    description:
      'Every order placed in the web shop, cleaned and deduplicated.',
  },
  spec: {
    owner: 'team-sales',
    domain: 'sales',
    lifecycle: 'production',
    type: 'source-aligned',
    environments: ['dev', 'prd'],
    inputPorts: [
      { dataset: 'customers', purpose: 'Join orders to customer segments' },
    ],
    support: [
      {
        channel: '#sales-data',
        url: 'https://slack.example.com/sales-data',
        tool: 'slack',
      },
      { channel: 'sales-data@example.com', tool: 'email' },
    ],
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-sales' },
    { type: 'partOf', targetRef: 'domain:default/sales' },
    { type: 'hasOutput', targetRef: 'dataset:default/orders' },
    { type: 'hasOutput', targetRef: 'dataset:default/order-lines' },
    { type: 'consumes', targetRef: 'dataset:default/customers' },
  ],
};

export const ordersDataset: DatasetEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: {
    name: 'orders',
    namespace: 'default',
    description: 'One row per order.',
  },
  spec: {
    dataProduct: 'sales-orders',
    owner: 'team-sales',
    access: 'restricted',
    lifecycle: 'production',
    outputs: [
      {
        type: 's3',
        bucket: 'datalake',
        path: 'sales/orders/',
        format: 'parquet',
      },
      { type: 'glue', database: 'sales' },
      { type: 'glue', database: 'sales', table: 'orders' },
    ],
    schema: {
      columns: [
        {
          name: 'order_id',
          type: 'string',
          physicalType: 'varchar(18)',
          required: true,
          primaryKey: true,
          description: 'Unique order number',
        },
        {
          name: 'customer_email',
          type: 'string',
          classification: 'pii',
          description: 'Who placed the order',
        },
        {
          name: 'amount',
          type: 'number',
          physicalType: 'decimal(10,2)',
          classification: 'internal',
        },
      ],
    },
    slos: {
      availability: { target: 99.5 },
      completeness: { target: 99 },
      freshness: { target: 95, maxAge: '24h', window: '30d' },
    },
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-sales' },
    { type: 'outputOf', targetRef: 'dataproduct:default/sales-orders' },
    { type: 'consumedBy', targetRef: 'dataproduct:default/marketing-360' },
  ],
};

export const orderLinesDataset: DatasetEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'order-lines', namespace: 'default' },
  spec: {
    dataProduct: 'sales-orders',
    owner: 'team-sales',
    access: 'unrestricted',
  },
};

/** A dataset with nothing but the required fields. */
export const bareDataset: DatasetEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'Dataset',
  metadata: { name: 'scratch', namespace: 'default' },
  spec: { dataProduct: 'sales-orders', owner: 'team-sales', access: 'private' },
};

/** A product with nothing but the required fields and no relations yet. */
export const bareProduct: DataProductEntity = {
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: { name: 'new-product', namespace: 'default' },
  spec: { owner: 'team-sales', domain: 'sales' },
};
