// Applies the install guide of the root README ("Installing Meshport in your Backstage portal") to
// a stock app, by script: every fenced block with an `id=` is read from the README itself, and the
// recipe below only says where each block goes (the README's prose says the same to a reader).
// A block without a recipe, or a recipe without a block, fails the test: the guide cannot drift.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { addDependencies } from './stockApp.mjs';

/** The README's fenced blocks that carry an `id=`, by id. */
export function readGuideBlocks(readmeFile) {
  const blocks = new Map();
  const fence = /^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm;
  for (const [, language, info, body] of fs
    .readFileSync(readmeFile, 'utf8')
    .matchAll(fence)) {
    const id = /\bid=([\w-]+)/.exec(info)?.[1];
    if (!id) continue;
    if (blocks.has(id)) throw new Error(`README: two blocks with id=${id}`);
    blocks.set(id, { id, language, body });
  }
  return blocks;
}

const ALLOW_ALL_POLICY =
  /backend\.add\(\s*import\(\s*'@backstage\/plugin-permission-backend-module-allow-all-policy'\s*\),?\s*\);/;
const PERMISSION_MODULE =
  '@meshport/plugin-permission-backend-module-data-products';

/**
 * Where each block goes. `apps`: the stock apps it applies to (both when absent). `when`: a
 * condition on the run (the permission module is applied once it exists in this checkout).
 */
export const RECIPES = {
  'backend-packages': { packages: 'packages/backend/package.json' },
  backend: {
    file: 'packages/backend/src/index.ts',
    insertBefore: 'backend.start();',
  },
  'backend-permission': {
    file: 'packages/backend/src/index.ts',
    replace: ALLOW_ALL_POLICY,
    alsoPackages: {
      'packages/backend/package.json': [PERMISSION_MODULE],
    },
    when: run => run.tarballs[PERMISSION_MODULE] !== undefined,
  },
  'copy-files': { shell: true },
  'app-config': { yaml: 'app-config.yaml' },
  'app-packages': { apps: ['next'], packages: 'packages/app/package.json' },
  'nfs-app': {
    apps: ['next'],
    file: 'packages/app/src/App.tsx',
    wholeFileAddingOnly: /dataProductsPlugin/,
  },
  'nfs-app-config': { apps: ['next'], yaml: 'app-config.yaml' },
  'legacy-app-packages': {
    apps: ['legacy'],
    packages: 'packages/app/package.json',
  },
  'legacy-copy-files': { apps: ['legacy'], shell: true },
  'legacy-entity-page-import': {
    apps: ['legacy'],
    file: 'packages/app/src/components/catalog/EntityPage.tsx',
    prepend: true,
  },
  'legacy-entity-page-cases': {
    apps: ['legacy'],
    file: 'packages/app/src/components/catalog/EntityPage.tsx',
    insertBefore: '<EntitySwitch.Case>{defaultEntityPage}</EntitySwitch.Case>',
  },
  'legacy-app-imports': {
    apps: ['legacy'],
    file: 'packages/app/src/App.tsx',
    prepend: true,
  },
  'legacy-app-scaffolder-route': {
    apps: ['legacy'],
    file: 'packages/app/src/App.tsx',
    replace: '<Route path="/create" element={<ScaffolderPage />} />',
  },
  'legacy-app-routes': {
    apps: ['legacy'],
    file: 'packages/app/src/App.tsx',
    insertBefore: '</FlatRoutes>',
  },
};

/** Objects merge key by key, lists are appended to, other values replace. */
export function mergeConfig(base, added) {
  if (Array.isArray(base) && Array.isArray(added)) return [...base, ...added];
  if (
    base &&
    added &&
    typeof base === 'object' &&
    typeof added === 'object' &&
    !Array.isArray(base) &&
    !Array.isArray(added)
  ) {
    const merged = { ...base };
    for (const [key, value] of Object.entries(added)) {
      merged[key] = key in base ? mergeConfig(base[key], value) : value;
    }
    return merged;
  }
  return added ?? base;
}

/** The package names a `yarn add` block installs. */
export function packagesOf(body) {
  return [...body.matchAll(/(@[\w-]+\/[\w-]+)/g)].map(m => m[1]);
}

function edit(file, change) {
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before)
    throw new Error(`${file}: the guide's step changed nothing`);
  fs.writeFileSync(file, after);
}

function insertBeforeLast(text, anchor, block, id) {
  const at = text.lastIndexOf(anchor);
  if (at < 0) throw new Error(`guide block ${id}: "${anchor}" not found`);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  return text.slice(0, lineStart) + block + text.slice(lineStart);
}

/**
 * Applies the guide to the stock app `run.appDir` of flavour `run.app` ('next' or 'legacy').
 * Returns the ids applied and those skipped, with the reason.
 */
export function applyGuide({ readmeFile, run }) {
  const blocks = readGuideBlocks(readmeFile);
  const missing = Object.keys(RECIPES).filter(id => !blocks.has(id));
  const unknown = [...blocks.keys()].filter(id => !RECIPES[id]);
  if (missing.length || unknown.length) {
    throw new Error(
      `README install guide and e2e/adoption/guide.mjs disagree: blocks missing from the README: ${
        missing.join(', ') || 'none'
      }; blocks without a recipe: ${unknown.join(', ') || 'none'}`,
    );
  }
  const applied = [];
  const skipped = [];
  for (const [id, recipe] of Object.entries(RECIPES)) {
    const { body } = blocks.get(id);
    if (recipe.apps && !recipe.apps.includes(run.app)) continue;
    if (recipe.when && !recipe.when(run)) {
      skipped.push(`${id} (${PERMISSION_MODULE} is not in this checkout)`);
      continue;
    }
    const target = file => path.join(run.appDir, file);
    const installPackages = (manifest, names) =>
      addDependencies(
        target(manifest),
        Object.fromEntries(names.map(name => [name, run.versionOf(name)])),
      );
    if (recipe.packages) {
      installPackages(recipe.packages, packagesOf(body));
    } else if (recipe.shell) {
      const result = spawnSync('bash', ['-euo', 'pipefail', '-c', body], {
        cwd: run.appDir,
        env: { ...process.env, MESHPORT: run.repoRoot },
        encoding: 'utf8',
      });
      if (result.status !== 0) {
        throw new Error(`guide block ${id} failed: ${result.stderr}`);
      }
    } else if (recipe.yaml) {
      const file = target(recipe.yaml);
      const merged = mergeConfig(
        YAML.parse(fs.readFileSync(file, 'utf8')),
        YAML.parse(body),
      );
      fs.writeFileSync(file, YAML.stringify(merged));
    } else if (recipe.wholeFileAddingOnly) {
      // The block is the whole stock file plus Meshport: check that it only adds, then use it.
      const file = target(recipe.file);
      const withoutMeshport = text =>
        text
          .split('\n')
          .filter(line => !/^import .*@meshport\//.test(line))
          .join('\n')
          .replace(/,?\s*dataProductsPlugin/g, '')
          .replace(/\s+/g, ' ')
          .trim();
      if (
        withoutMeshport(body) !== withoutMeshport(fs.readFileSync(file, 'utf8'))
      ) {
        throw new Error(
          `guide block ${id}: is not the stock ${recipe.file} plus the Meshport lines`,
        );
      }
      fs.writeFileSync(file, body);
    } else if (recipe.prepend) {
      edit(target(recipe.file), text => body + text);
    } else if (recipe.insertBefore) {
      edit(target(recipe.file), text =>
        insertBeforeLast(text, recipe.insertBefore, body, id),
      );
    } else if (recipe.replace) {
      edit(target(recipe.file), text => {
        const found =
          typeof recipe.replace === 'string'
            ? text.includes(recipe.replace)
            : recipe.replace.test(text);
        if (!found)
          throw new Error(`guide block ${id}: ${recipe.replace} not found`);
        return text.replace(recipe.replace, body.trim());
      });
    }
    for (const [manifest, names] of Object.entries(recipe.alsoPackages ?? {})) {
      installPackages(manifest, names);
    }
    applied.push(id);
  }
  return { applied, skipped };
}
