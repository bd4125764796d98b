/*
 * Contracts written for the tests by us, filling every section of ODCS v3.1 and ODPS v1.0 with
 * content of our own (a fictional parcel-tracking team), so that no third-party example is copied.
 */
import type { JsonObject } from '../remainder';

export const FULL_ODCS_CONTRACT: JsonObject = {
  apiVersion: 'v3.1.0',
  kind: 'DataContract',
  id: '0b8f7c1e-3d5a-4a61-9a4e-2f3c1d7e9b10',
  name: 'parcel_scans',
  version: '2.3.0',
  status: 'active',
  domain: 'logistics',
  dataProduct: 'parcel-tracking',
  tenant: 'NorthwindParcel',
  description: {
    purpose: 'Every scan of a parcel at a depot, van or locker.',
    limitations: 'Scans from partner carriers arrive up to a day late.',
    usage: 'Delivery-time analytics; not for billing.',
    authoritativeDefinitions: [
      { type: 'privacy-statement', url: 'https://parcel.example/privacy' },
    ],
    customProperties: [{ property: 'reviewedBy', value: 'legal' }],
  },
  tags: ['parcels', 'scans'],
  authoritativeDefinitions: [
    { type: 'canonical', url: 'https://git.parcel.example/contracts/scans' },
  ],
  servers: [
    {
      server: 'scans-lake',
      type: 's3',
      environment: 'prd',
      location: 's3://parcel-prd-lake/scans/',
      format: 'parquet',
      description: 'The lake copy, partitioned by day.',
    },
    {
      server: 'scans-glue',
      type: 'glue',
      environment: 'prd',
      account: '333333333333',
      database: 'parcel_tracking',
      location: 's3://parcel-prd-lake/scans/',
      format: 'parquet',
    },
    {
      server: 'scans-warehouse',
      type: 'postgres',
      environment: 'prd',
      host: 'warehouse.parcel.example',
      port: 5432,
      database: 'dwh',
      schema: 'tracking',
    },
  ],
  schema: [
    {
      id: 'scans_obj',
      name: 'parcel_scans',
      physicalName: 'parcel_scans',
      physicalType: 'table',
      logicalType: 'object',
      businessName: 'Parcel scans',
      description: 'One row per scan.',
      dataGranularityDescription: 'One row per parcel and scan event.',
      tags: ['events'],
      authoritativeDefinitions: [
        { type: 'businessDefinition', url: 'https://wiki.parcel.example/scan' },
      ],
      relationships: [
        {
          type: 'foreignKey',
          from: 'parcel_scans.depot_id',
          to: 'depots.depot_id',
        },
      ],
      properties: [
        {
          id: 'scan_id_prop',
          name: 'scan_id',
          businessName: 'Scan id',
          logicalType: 'string',
          physicalType: 'varchar(40)',
          required: true,
          unique: true,
          primaryKey: true,
          primaryKeyPosition: 1,
          description: 'Id of the scan event.',
          classification: 'internal',
          criticalDataElement: true,
          examples: ['SC-0001'],
        },
        {
          name: 'parcel_id',
          logicalType: 'string',
          physicalType: 'varchar(20)',
          required: true,
          description: 'Tracking number.',
          tags: ['uid'],
          transformSourceObjects: ['raw.scans'],
          transformLogic: 'upper(trim(tracking_no))',
          transformDescription: 'Tracking numbers, normalised.',
        },
        {
          name: 'scanned_at',
          logicalType: 'timestamp',
          physicalType: 'timestamp',
          required: true,
          partitioned: true,
          partitionKeyPosition: 1,
          quality: [
            {
              metric: 'nullValues',
              mustBe: 0,
              dimension: 'completeness',
              type: 'library',
              severity: 'error',
            },
          ],
        },
        {
          name: 'depot_id',
          logicalType: 'integer',
          physicalType: 'int',
          classification: 'secret',
          encryptedName: 'depot_id_enc',
          relationships: [{ to: 'depots.depot_id', type: 'foreignKey' }],
        },
        {
          name: 'location',
          logicalType: 'object',
          properties: [
            { name: 'lat', logicalType: 'number' },
            { name: 'lon', logicalType: 'number' },
          ],
        },
      ],
      quality: [
        {
          name: 'enough-scans',
          metric: 'rowCount',
          mustBeGreaterThan: 1000,
          dimension: 'completeness',
          type: 'library',
          schedule: '0 6 * * *',
          scheduler: 'cron',
        },
        {
          name: 'no-future-scans',
          type: 'sql',
          query: 'SELECT COUNT(*) FROM parcel_scans WHERE scanned_at > now()',
          mustBe: 0,
          dimension: 'accuracy',
        },
      ],
      customProperties: [{ property: 'retentionClass', value: 'gold' }],
    },
    {
      name: 'depots',
      physicalType: 'table',
      logicalType: 'object',
      properties: [
        { name: 'depot_id', logicalType: 'integer', primaryKey: true },
        { name: 'city', logicalType: 'string' },
      ],
    },
  ],
  price: { priceAmount: 0.5, priceCurrency: 'EUR', priceUnit: 'gigabyte' },
  team: {
    name: 'team-logistics',
    description: 'Runs the depot systems.',
    members: [
      { username: 'erin', role: 'Owner', dateIn: '2024-03-01' },
      { username: 'frank', role: 'Data Engineer', dateIn: '2025-01-15' },
    ],
  },
  roles: [
    {
      role: 'scans_reader',
      access: 'read',
      firstLevelApprovers: 'Depot lead',
      secondLevelApprovers: 'Data protection officer',
    },
  ],
  slaProperties: [
    { property: 'availability', value: 99.9, unit: 'percent' },
    {
      property: 'latency',
      value: 4,
      unit: 'h',
      element: 'parcel_scans.scanned_at',
    },
    { property: 'retention', value: 2, unit: 'y' },
    { property: 'frequency', value: 15, unit: 'm' },
    {
      property: 'timeOfAvailability',
      value: '06:00+01:00',
      driver: 'operational',
    },
    {
      property: 'timeOfAvailability',
      value: '07:00+01:00',
      driver: 'analytics',
    },
  ],
  support: [
    {
      channel: '#parcel-scans',
      tool: 'slack',
      url: 'https://chat.parcel.example/scans',
    },
  ],
  customProperties: [
    { property: 'costCentre', value: 'LOG-42' },
    { property: 'meshport.access', value: 'unrestricted' },
  ],
  contractCreatedTs: '2025-02-01T08:00:00Z',
};

export const FULL_ODPS_PRODUCT: JsonObject = {
  apiVersion: 'v1.0.0',
  kind: 'DataProduct',
  id: '6f1d2c3b-8e9a-4b7c-9d0e-1a2b3c4d5e6f',
  name: 'Parcel tracking',
  version: '3.0.0',
  status: 'active',
  domain: 'logistics',
  tenant: 'NorthwindParcel',
  authoritativeDefinitions: [
    { type: 'canonical', url: 'https://git.parcel.example/products/tracking' },
  ],
  description: {
    purpose: 'Where every parcel is, from depot to doorstep.',
    limitations: 'Partner carriers report late.',
    usage: 'Delivery-time analytics.',
  },
  customProperties: [{ property: 'costCentre', value: 'LOG-42' }],
  tags: ['parcels'],
  inputPorts: [
    {
      name: 'depot-events',
      version: '1.2.0',
      contractId: 'c1a2b3d4-0000-4000-8000-000000000001',
      customProperties: [
        { property: 'purpose', value: 'Scan events from the depots.' },
      ],
    },
    {
      name: 'depot-events',
      version: '2.0.0',
      contractId: 'c1a2b3d4-0000-4000-8000-000000000002',
      tags: ['migration'],
    },
  ],
  outputPorts: [
    {
      name: 'parcel_scans',
      description: 'Every scan of a parcel.',
      type: 'tables',
      version: '2.3.0',
      contractId: '0b8f7c1e-3d5a-4a61-9a4e-2f3c1d7e9b10',
      sbom: [{ type: 'external', url: 'https://sbom.parcel.example/scans' }],
      inputContracts: [
        { id: 'c1a2b3d4-0000-4000-8000-000000000001', version: '1.2.0' },
      ],
    },
    {
      name: 'parcel_eta',
      description: 'Predicted delivery times.',
      type: 'api',
      version: '1.0.0',
      contractId: 'e7e7e7e7-0000-4000-8000-000000000003',
    },
  ],
  managementPorts: [
    {
      name: 'tracking-health',
      content: 'observability',
      type: 'rest',
      url: 'https://tracking.parcel.example/health',
    },
  ],
  support: [
    {
      channel: '#parcel-tracking',
      url: 'https://chat.parcel.example/tracking',
      tool: 'slack',
      scope: 'interactive',
    },
    {
      channel: 'tracking@parcel.example',
      url: 'mailto:tracking@parcel.example',
      tool: 'email',
      scope: 'issues',
    },
  ],
  team: {
    name: 'team-logistics',
    description: 'Runs the depot systems.',
    members: [
      { username: 'erin', name: 'Erin', role: 'owner', dateIn: '2024-03-01' },
    ],
  },
  productCreatedTs: '2025-02-01T08:00:00Z',
};
