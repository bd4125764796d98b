import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { validateEntity } from '../validation';
import { ContractFormatError } from './errors';
import {
  FULL_ODCS_CONTRACT,
  FULL_ODPS_PRODUCT,
} from './__testUtils__/fixtures';
import { exportDatasetToOdcs, importOdcsContract } from './odcs';
import { exportDataProductToOdps, importOdpsProduct } from './odps';
import { JsonObject, JsonValue } from './remainder';
import { EXAMPLE_ENVIRONMENTS, EXAMPLES_DIR } from './__testUtils__/examples';

const REPO_ROOT = path.resolve(EXAMPLES_DIR, '..');
const DATACONTRACT = path.join(
  REPO_ROOT,
  '.tools/venv/contracts/bin/datacontract',
);

/**
 * Every leaf of `original` that `exported` lacks or holds differently, as paths. Lists are
 * compared as sets of items: an item of `original` is found when some item of `exported`
 * contains it. Written independently of the remainder code it checks.
 */
function missingFrom(
  original: JsonValue,
  exported: JsonValue | undefined,
  at = '',
): string[] {
  if (Array.isArray(original)) {
    if (!Array.isArray(exported)) {
      return [at];
    }
    return original.flatMap((item, index) =>
      exported.some(candidate => missingFrom(item, candidate).length === 0)
        ? []
        : [`${at}[${index}]`],
    );
  }
  if (original !== null && typeof original === 'object') {
    if (
      exported === null ||
      typeof exported !== 'object' ||
      Array.isArray(exported)
    ) {
      return [at];
    }
    return Object.entries(original).flatMap(([key, value]) =>
      missingFrom(value, (exported as JsonObject)[key], `${at}.${key}`),
    );
  }
  return original === exported ? [] : [at];
}

describe('export(import(y)) keeps every section of a contract written for the tests', () => {
  it('ODCS: a Dataset that validates, every section back on export, each gap reported', () => {
    const { entity, unmapped } = importOdcsContract(FULL_ODCS_CONTRACT, {
      environments: EXAMPLE_ENVIRONMENTS,
    });
    expect(
      validateEntity(entity, { environments: EXAMPLE_ENVIRONMENTS }),
    ).toEqual([]);
    expect(entity.metadata).toMatchObject({
      name: 'parcel_scans',
      title: 'Parcel scans',
      description: 'Every scan of a parcel at a depot, van or locker.',
      tags: ['parcels', 'scans'],
    });
    expect(entity.spec).toMatchObject({
      dataProduct: 'parcel-tracking',
      owner: 'team-logistics',
      access: 'unrestricted',
      version: '2.3.0',
      lifecycle: 'production',
      outputs: [
        {
          type: 's3',
          bucket: 'datalake',
          path: 'scans/',
          format: 'parquet',
        },
        { type: 'glue', database: 'parcel_tracking', table: 'parcel_scans' },
      ],
      slos: {
        availability: { target: 99.9 },
        freshness: { target: 100, maxAge: '4h' },
      },
    });
    expect(entity.spec.schema!.columns.map(c => [c.name, c.type])).toEqual([
      ['scan_id', 'string'],
      ['parcel_id', 'string'],
      ['scanned_at', 'timestamp'],
      ['depot_id', 'integer'],
      ['location', 'object'],
    ]);

    const exported = exportDatasetToOdcs(entity, {
      environments: EXAMPLE_ENVIRONMENTS,
    });
    // Servers get Meshport's names (the prd S3 server pairs with Meshport's prd copy, its
    // bucket name mapped back to the bucket id), and the Glue server the account of the first
    // configured environment.
    expect(missingFrom(FULL_ODCS_CONTRACT, exported)).toEqual([
      '.servers[0]',
      '.servers[1]',
    ]);
    expect(unmapped.find(u => u.path === 'servers[0].server')?.message).toBe(
      '"scans-lake" has no exact Meshport counterpart; exported again as "prd-s3-datalake"',
    );
    const paths = unmapped.map(u => u.path);
    for (const section of [
      'domain',
      'tenant',
      'price',
      'authoritativeDefinitions',
      'description.limitations',
      'description.usage',
      'schema[1]',
      'schema[0].properties[3].classification',
      'slaProperties[2]',
      'servers[2]',
      'support',
      'customProperties[0]',
      'contractCreatedTs',
    ]) {
      expect(paths).toContain(section);
    }
    expect(unmapped.find(u => u.path === 'servers[1].account')?.message).toBe(
      '"333333333333" has no exact Meshport counterpart; exported again as "111111111111"',
    );
  });

  it('ODPS: a DataProduct that validates, every section back on export', () => {
    const { entity: dataset } = importOdcsContract(FULL_ODCS_CONTRACT);
    const { entity, unmapped } = importOdpsProduct(FULL_ODPS_PRODUCT, {
      datasets: [dataset],
    });
    expect(validateEntity(entity)).toEqual([]);
    expect(entity.metadata.name).toBe('Parcel-tracking');
    expect(entity.spec).toMatchObject({
      owner: 'team-logistics',
      domain: 'logistics',
      lifecycle: 'production',
      inputPorts: [
        { dataset: 'depot-events', purpose: 'Scan events from the depots.' },
      ],
    });
    const exported = exportDataProductToOdps(entity, { datasets: [dataset] });
    expect(exported.id).toBe(FULL_ODPS_PRODUCT.id);
    // The output port is written from the Dataset: its description and type are the Dataset's.
    expect(missingFrom(FULL_ODPS_PRODUCT, exported)).toEqual([
      '.outputPorts[0]',
    ]);
    expect(unmapped).toEqual(
      expect.arrayContaining([
        {
          path: 'outputPorts[0].type',
          message:
            '"tables" has no exact Meshport counterpart; exported again as "dataset"',
        },
      ]),
    );
    expect(unmapped.map(u => u.path)).toEqual(
      expect.arrayContaining([
        'version',
        'tenant',
        'inputPorts[1]',
        'outputPorts[1]',
        'managementPorts',
        'description.limitations',
      ]),
    );
  });

  it('says which field is wrong when a document is not a contract', () => {
    expect(() => importOdcsContract({ kind: 'DataProduct' })).toThrow(
      new ContractFormatError('kind', 'must be DataContract'),
    );
    expect(() =>
      importOdcsContract({ kind: 'DataContract', apiVersion: 'v2.2.0' }),
    ).toThrow('apiVersion: must be an ODCS v3 version such as v3.1.0');
    expect(() => importOdpsProduct(['a list'])).toThrow(
      '<root>: must be an ODPS data product object',
    );
  });
});

describe('a contract produced by an independent tool (datacontract import sql)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-odcs-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports to a valid Dataset and exports with every section it had', () => {
    if (!fs.existsSync(DATACONTRACT)) {
      throw new Error(
        `datacontract-cli is missing at ${DATACONTRACT}: run scripts/python-peers.sh contracts`,
      );
    }
    // DDL written for this test; datacontract-cli turns it into an ODCS contract.
    fs.writeFileSync(
      path.join(dir, 'deliveries.sql'),
      [
        'CREATE TABLE deliveries (',
        '  delivery_id VARCHAR(36) NOT NULL PRIMARY KEY,',
        '  parcel_id VARCHAR(20) NOT NULL,',
        '  delivered_at TIMESTAMP NOT NULL,',
        '  attempts INTEGER,',
        '  signed BOOLEAN,',
        '  weight_kg DECIMAL(8,3),',
        '  note TEXT',
        ');',
      ].join('\n'),
    );
    const result = spawnSync(
      DATACONTRACT,
      [
        'import',
        'sql',
        '--source',
        path.join(dir, 'deliveries.sql'),
        '--dialect',
        'postgres',
        '--output',
        path.join(dir, 'deliveries.odcs.yaml'),
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(0);
    const contract = parse(
      fs.readFileSync(path.join(dir, 'deliveries.odcs.yaml'), 'utf8'),
    );
    expect(contract.schema[0].properties).toHaveLength(7);

    const { entity, unmapped } = importOdcsContract(contract);
    expect(validateEntity(entity)).toEqual([]);
    expect(entity.spec.schema!.columns).toEqual([
      expect.objectContaining({
        name: 'delivery_id',
        type: 'string',
        required: true,
        primaryKey: true,
      }),
      expect.objectContaining({
        name: 'parcel_id',
        type: 'string',
        required: true,
      }),
      expect.objectContaining({
        name: 'delivered_at',
        type: 'timestamp',
        required: true,
      }),
      expect.objectContaining({ name: 'attempts', type: 'integer' }),
      expect.objectContaining({ name: 'signed', type: 'boolean' }),
      expect.objectContaining({ name: 'weight_kg', type: 'number' }),
      expect.objectContaining({ name: 'note', type: 'string' }),
    ]);
    // The tool writes a placeholder postgres server and ODCS v3.2: both reported, both kept.
    expect(unmapped.map(u => u.path)).toEqual(
      expect.arrayContaining(['servers', 'apiVersion']),
    );
    const exported = exportDatasetToOdcs(entity);
    expect(
      missingFrom(contract, exported).filter(p => p !== '.apiVersion'),
    ).toEqual([]);
  });
});
