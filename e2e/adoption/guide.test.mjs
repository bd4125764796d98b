// The install guide's plumbing, without a stock app: the README's blocks and the recipes agree,
// and the config merge adds to lists as a reader of the guide would.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mergeConfig, packagesOf, readGuideBlocks, RECIPES } from './guide.mjs';

const readme = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'README.md',
);

describe('the README install guide', () => {
  it('has a block for every recipe and a recipe for every block', () => {
    const ids = [...readGuideBlocks(readme).keys()].sort();
    assert.deepEqual(ids, Object.keys(RECIPES).sort());
  });

  it('installs every backend package it adds to the backend', () => {
    const blocks = readGuideBlocks(readme);
    const installed = packagesOf(blocks.get('backend-packages').body).sort();
    const added = packagesOf(blocks.get('backend').body).sort();
    assert.deepEqual(added, installed);
  });
});

describe('mergeConfig', () => {
  it('merges objects, appends to lists and keeps what the guide does not touch', () => {
    const stock = {
      auth: { providers: { guest: {} } },
      catalog: {
        rules: [{ allow: ['Component'] }],
        locations: [{ type: 'file', target: 'a.yaml' }],
      },
    };
    const guide = {
      auth: { providers: { guest: { userEntityRef: 'user:default/guest' } } },
      catalog: { rules: [{ allow: ['DataProduct'] }] },
      meshport: { provisioning: { mode: 'plan' } },
    };
    assert.deepEqual(mergeConfig(stock, guide), {
      auth: { providers: { guest: { userEntityRef: 'user:default/guest' } } },
      catalog: {
        rules: [{ allow: ['Component'] }, { allow: ['DataProduct'] }],
        locations: [{ type: 'file', target: 'a.yaml' }],
      },
      meshport: { provisioning: { mode: 'plan' } },
    });
  });
});
