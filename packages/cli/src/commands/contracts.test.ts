/*
 * meshport export / import, checked by implementations nobody here wrote: datacontract-cli
 * (`datacontract lint`), the open-data-contract-standard package (its pydantic model and the
 * JSON schema it ships) and dataproduct-cli (`dataproduct lint`, which ships the ODPS v1.0.0
 * schema and resolves each port's contractId among the exported contracts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as yamlParse, stringify } from 'yaml';
import { main } from '../index';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const APP_CONFIG = path.join(REPO_ROOT, 'app-config.yaml');
const CONTRACTS_BIN = path.join(REPO_ROOT, '.tools/venv/contracts/bin');
const ODPS_BIN = path.join(REPO_ROOT, '.tools/venv/odps/bin');
/** A contract written for the tests with every ODCS v3.1 section filled (see its header). */
const FULL_CONTRACT = path.join(
  REPO_ROOT,
  'plugins/data-products-common/src/contracts/__testUtils__/parcel-scans.odcs.yaml',
);

jest.setTimeout(180_000);

function peer(bin: string, tool: string, group: string): string {
  const file = path.join(bin, tool);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${tool} is missing at ${file}: run scripts/python-peers.sh ${group}`,
    );
  }
  return file;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-contracts-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await main(['node', 'meshport', ...args], {
    out: line => out.push(line),
    err: line => err.push(line),
  });
  return { exitCode, out, err };
}

function files(folder: string, suffix: string) {
  return fs
    .readdirSync(folder)
    .filter(name => name.endsWith(suffix))
    .sort();
}

describe('meshport export', () => {
  it('writes one ODCS contract per example Dataset that datacontract lint passes and the ODCS model loads', async () => {
    const output = path.join(dir, 'out');
    const result = await run(
      'export',
      EXAMPLES,
      '--format',
      'odcs',
      '--output',
      output,
      '--config',
      APP_CONFIG,
    );
    expect(result).toMatchObject({
      exitCode: 0,
      err: [`14 ODCS documents exported to ${output}`],
    });
    const contracts = files(output, '.odcs.yaml');
    expect(contracts).toHaveLength(14);
    expect(contracts).toContain('orders.odcs.yaml');

    const datacontract = peer(CONTRACTS_BIN, 'datacontract', 'contracts');
    for (const contract of contracts) {
      const lint = spawnSync(datacontract, ['lint', contract], {
        cwd: output,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ contract, status: lint.status }).toEqual({
        contract,
        status: 0,
      });
      expect(lint.stdout).toContain(
        'Data contract is valid against ODCS v3.1.0',
      );
    }

    // The package's pydantic model, and the JSON schema it ships (ODCS v3.x, accepting v3.1.0).
    const python = peer(CONTRACTS_BIN, 'python', 'contracts');
    const check = spawnSync(
      python,
      [
        '-c',
        [
          'import glob, json, os, sys, yaml, jsonschema',
          'import open_data_contract_standard as odcs',
          'from open_data_contract_standard.model import OpenDataContractStandard',
          "schema = json.load(open(os.path.join(os.path.dirname(odcs.__file__), 'schema.json')))",
          "for f in sorted(glob.glob('*.odcs.yaml')):",
          '    model = OpenDataContractStandard.from_file(f)',
          '    errors = [e.message for e in jsonschema.Draft201909Validator(schema).iter_errors(yaml.safe_load(open(f)))]',
          "    print(f, model.id, len(model.schema_[0].properties or []), 'errors:', errors)",
        ].join('\n'),
      ],
      { cwd: output, encoding: 'utf8', timeout: 60_000 },
    );
    expect(check.stderr).toBe('');
    const lines = check.stdout.trim().split('\n');
    expect(lines).toHaveLength(14);
    expect(lines).toContain(
      'orders.odcs.yaml dataset:default/orders 7 errors: []',
    );
    for (const line of lines) {
      expect(line).toMatch(/ errors: \[\]$/);
    }
  });

  it('writes ODPS documents that dataproduct lint passes, every port resolving to an exported contract', async () => {
    const output = path.join(dir, 'out');
    await run(
      'export',
      EXAMPLES,
      '--format',
      'odcs',
      '--output',
      output,
      '--config',
      APP_CONFIG,
    );
    expect(
      await run(
        'export',
        EXAMPLES,
        '--format',
        'odps',
        '--output',
        output,
        '--config',
        APP_CONFIG,
      ),
    ).toMatchObject({
      exitCode: 0,
      err: [`8 ODPS documents exported to ${output}`],
    });
    const products = files(output, '.odps.yaml');
    expect(products).toHaveLength(8);

    const dataproduct = peer(ODPS_BIN, 'dataproduct', 'odps');
    peer(CONTRACTS_BIN, 'datacontract', 'contracts');
    for (const product of products) {
      const lint = spawnSync(dataproduct, ['lint', product], {
        cwd: output,
        encoding: 'utf8',
        timeout: 120_000,
        // dataproduct lint also lints each linked contract with datacontract-cli when on PATH.
        env: { ...process.env, PATH: `${CONTRACTS_BIN}:${process.env.PATH}` },
      });
      const text = lint.stdout.replace(/\s+/g, ' ');
      expect({ product, status: lint.status, text }).toEqual({
        product,
        status: 0,
        text: expect.stringContaining(
          'Data product is valid against ODPS v1.0.0',
        ),
      });
      expect(text).not.toContain('⚠️');
      expect(text).not.toMatch(/❌|🔴/);
    }
    const customer360 = spawnSync(
      dataproduct,
      ['lint', 'customer-360.odps.yaml'],
      {
        cwd: output,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${CONTRACTS_BIN}:${process.env.PATH}` },
      },
    ).stdout.replace(/\s+/g, ' ');
    expect(customer360).toContain(
      "Data contract 'dataset:default/orders' linked by inputPorts[orders] is resolvable: Found at orders.odcs.yaml",
    );
  });

  it('exits 1 and writes nothing when an entity is invalid, 2 for an unknown format', async () => {
    const file = path.join(dir, 'catalog-info.yaml');
    fs.writeFileSync(
      file,
      stringify({
        apiVersion: 'meshport.io/v1alpha1',
        kind: 'Dataset',
        metadata: { name: 'orders' },
        spec: {
          dataProduct: 'sales-orders',
          owner: 'team-sales',
          access: 'public',
        },
      }),
    );
    const output = path.join(dir, 'out');
    const invalid = await run(
      'export',
      file,
      '--format',
      'odcs',
      '--output',
      output,
    );
    expect(invalid.exitCode).toBe(1);
    expect(invalid.err).toEqual([
      `${file}: Dataset/orders: spec.access: must be one of: unrestricted, restricted, private (got "public")`,
      '1 problem: nothing exported',
    ]);
    expect(fs.existsSync(output)).toBe(false);
    expect((await run('export', file, '--format', 'csv')).exitCode).toBe(2);
  });
});

describe('meshport import', () => {
  it('imports a full ODCS v3.1 contract to a Dataset that meshport validate accepts, naming each unmapped field', async () => {
    const contract = path.join(dir, 'parcel_scans.odcs.yaml');
    fs.copyFileSync(FULL_CONTRACT, contract);
    const output = path.join(dir, 'repo');
    const result = await run(
      'import',
      contract,
      '--output',
      output,
      '--config',
      APP_CONFIG,
    );
    expect(result.exitCode).toBe(0);
    expect(result.err).toEqual(
      expect.arrayContaining([
        `${contract}: price: has no Meshport counterpart; kept in the annotation meshport.io/odcs and exported again`,
        `${contract}: schema[1]: the entry name depots has no Meshport counterpart; kept in the annotation meshport.io/odcs and exported again`,
        `0 DataProducts and 1 Dataset imported to ${path.join(
          output,
          'catalog-info.yaml',
        )}`,
      ]),
    );
    const catalogInfo = path.join(output, 'catalog-info.yaml');
    expect(await run('validate', catalogInfo, '--config', APP_CONFIG)).toEqual({
      exitCode: 0,
      out: [],
      err: ['1 entity checked, 0 problems'],
    });

    // And back: the exported contract has every section the imported one had.
    const back = path.join(dir, 'back');
    expect(
      (
        await run(
          'export',
          catalogInfo,
          '--format',
          'odcs',
          '--output',
          back,
          '--config',
          APP_CONFIG,
        )
      ).exitCode,
    ).toBe(0);
    const exported = fs.readFileSync(
      path.join(back, 'parcel_scans.odcs.yaml'),
      'utf8',
    );
    for (const section of Object.keys(
      yamlParse(fs.readFileSync(contract, 'utf8')),
    )) {
      expect(exported).toMatch(new RegExp(`^${section}:`, 'm'));
    }
    const lint = spawnSync(
      peer(CONTRACTS_BIN, 'datacontract', 'contracts'),
      ['lint', 'parcel_scans.odcs.yaml'],
      {
        cwd: back,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(lint.status).toBe(0);
  });

  it('round-trips the examples through ODCS and ODPS files back to the same entities', async () => {
    const output = path.join(dir, 'out');
    await run(
      'export',
      path.join(EXAMPLES, 'products/sales-orders'),
      '--format',
      'odcs',
      '--output',
      output,
      '--config',
      APP_CONFIG,
    );
    await run(
      'export',
      path.join(EXAMPLES, 'products/sales-orders'),
      '--format',
      'odps',
      '--output',
      output,
      '--config',
      APP_CONFIG,
    );
    const documents = fs
      .readdirSync(output)
      .map(name => path.join(output, name));
    const result = await run('import', ...documents, '--config', APP_CONFIG);
    expect(result.exitCode).toBe(0);
    expect(result.err).toEqual(['1 DataProduct and 3 Datasets imported']);
    const original = fs
      .readFileSync(
        path.join(EXAMPLES, 'products/sales-orders/catalog-info.yaml'),
        'utf8',
      )
      .replace(/^#.*\n/gm, '');
    const parse = (text: string) =>
      text
        .split(/^---$/m)
        .map(part => yamlParse(part))
        .sort((a, b) =>
          `${a.kind}/${a.metadata.name}`.localeCompare(
            `${b.kind}/${b.metadata.name}`,
          ),
        );
    expect(parse(result.out.join('\n'))).toEqual(parse(original));
  });

  it('exits 1 naming the field when a document is not a contract', async () => {
    const file = path.join(dir, 'odd.yaml');
    fs.writeFileSync(
      file,
      stringify({ kind: 'DataContract', apiVersion: 'v2.2.2' }),
    );
    const result = await run('import', file);
    expect(result.exitCode).toBe(1);
    expect(result.err[0]).toBe(
      `${file}: apiVersion: must be an ODCS v3 version such as v3.1.0`,
    );
  });
});
