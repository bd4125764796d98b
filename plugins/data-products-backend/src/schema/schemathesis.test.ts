/*
 * Schemathesis (an independent fuzzer, from PyPI) against the whole plugin,
 * started here on the embedded default database with dev credentials: it
 * generates valid and invalid requests for every operation of
 * src/schema/openapi.yaml and checks that no response is a 5xx and that every
 * response conforms to the document (status, content type, body schema).
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import yaml from 'yaml';
import {
  authHeader,
  DANA,
  sampleEntities,
  startAccessBackend,
} from '../access/__testUtils__/backend';
import { sloDataset } from '../slo/testing';

jest.setTimeout(600_000);

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const SCHEMATHESIS = path.join(REPO_ROOT, '.tools/venv/api/bin/schemathesis');
const DOCUMENT = path.resolve(__dirname, 'openapi.yaml');

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      // its cache of found failures goes into the working directory
      cwd,
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.on('error', reject);
    child.on('close', status => resolve({ status, output }));
  });
}

describe('the REST API under schemathesis', () => {
  it('answers every generated request without a 5xx, as the OpenAPI document says', async () => {
    if (!fs.existsSync(SCHEMATHESIS)) {
      throw new Error(
        `schemathesis is not installed at ${SCHEMATHESIS}: run scripts/python-peers.sh api`,
      );
    }
    const knex = await databases.init('SQLITE_3');
    const { server } = await startAccessBackend({
      knex,
      entities: [...sampleEntities(), sloDataset('churn-scores', 'churn')],
    });
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/api/data-products`;
    // the dev credentials the fuzzer sends are accepted (else every case would be a 401)
    const probe = await fetch(
      `${base}/consumption?entityRef=dataset:default/orders-daily`,
      { headers: { Authorization: authHeader(DANA) } },
    );
    expect(probe.status).toBe(200);

    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemathesis-'));
    const { status, output } = await run(
      SCHEMATHESIS,
      [
        'run',
        DOCUMENT,
        '--url',
        base,
        '--header',
        `Authorization: ${authHeader(DANA)}`,
        '--checks',
        [
          'not_a_server_error',
          'status_code_conformance',
          'content_type_conformance',
          'response_schema_conformance',
          'negative_data_rejection',
        ].join(','),
        '--phases',
        'examples,coverage,fuzzing,stateful',
        '--max-examples',
        '25',
        '--seed',
        '20261205',
        '--workers',
        '1',
        '--no-shrink',
        '--suppress-health-check',
        'all',
        '--warnings',
        'off',
      ],
      workDir,
    ).finally(() => fs.rmSync(workDir, { recursive: true, force: true }));
    // the run reached the server and tested every operation of the document
    const operations = Object.values(
      (yaml.parse(fs.readFileSync(DOCUMENT, 'utf8')) as {
        paths: Record<string, object>;
      }).paths,
    ).reduce((count, item) => count + Object.keys(item).length, 0);
    expect(output).toContain(`Tested: ${operations}`);
    if (status !== 0) {
      throw new Error(`schemathesis found problems:\n${output}`);
    }
  });
});
