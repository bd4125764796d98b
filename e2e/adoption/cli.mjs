// The CLI as a pipeline gets it: `npx` runs @meshport/cli from its tarball in an empty folder, with
// nothing from this repository but the tarballs of the packages it depends on (which the registry
// would serve once they are published) and a copy of examples/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CLI_PACKAGES = [
  '@meshport/cli',
  '@meshport/plugin-data-products-common',
  '@meshport/plugin-data-products-backend-module-aws',
  '@meshport/plugin-data-products-node',
];

export function checkCli({ tarballs, repoRoot, log }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-cli-'));
  try {
    fs.cpSync(path.join(repoRoot, 'examples'), path.join(dir, 'examples'), {
      recursive: true,
    });
    fs.copyFileSync(
      path.join(repoRoot, 'app-config.yaml'),
      path.join(dir, 'app-config.yaml'),
    );
    const npx = (...args) =>
      spawnSync(
        'npx',
        [
          '--yes',
          ...CLI_PACKAGES.map(name => `--package=${tarballs[name]}`),
          '--',
          'meshport',
          ...args,
        ],
        {
          cwd: dir,
          encoding: 'utf8',
          // a folder outside any project: npx must not find this repository's node_modules
          env: { ...process.env, npm_config_update_notifier: 'false' },
        },
      );

    const valid = npx('validate', 'examples', '--config', 'app-config.yaml');
    assert.equal(valid.status, 0, `validate examples: ${valid.stderr}`);
    assert.match(valid.stderr, /\d+ entities checked, 0 problems/);
    log(`CLI: ${valid.stderr.trim()}`);

    fs.writeFileSync(
      path.join(dir, 'broken.yaml'),
      [
        'apiVersion: meshport.io/v1alpha1',
        'kind: Dataset',
        'metadata: { name: orders }',
        'spec: { owner: team-sales, dataProduct: sales-orders, access: secret }',
        '',
      ].join('\n'),
    );
    const invalid = npx('validate', 'broken.yaml');
    assert.equal(invalid.status, 1, `validate broken.yaml: ${invalid.stderr}`);
    assert.match(invalid.stdout, /broken\.yaml: Dataset\/orders: spec\.access/);

    const plan = npx(
      'plan',
      '--catalog',
      'examples/products',
      '--environment',
      'dev',
    );
    assert.equal(plan.status, 0, `plan: ${plan.stderr}`);
    assert.ok(JSON.parse(plan.stdout).roles.length > 0, 'plan has roles');
    log(`CLI: plan ${plan.stderr.trim()}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
