#!/usr/bin/env node
// Checks what a portal installing our published packages relies on (run after
// `backstage-cli repo build`):
// - every package that a published package's type declarations (dist/**/*.d.ts) import is declared in
//   its dependencies or peerDependencies: a consumer's `tsc` resolves those imports from its own
//   node_modules, where a devDependency of ours is absent;
// - every `@backstage/*` dependency is a caret range that the targeted Backstage release satisfies
//   (the version this repository installs, pinned to that release), so a portal on that release gets
//   no second copy; frontend packages take react, react-dom and react-router-dom as peers.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules, createRequire } from 'node:module';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const workspaces = ['packages', 'plugins'].flatMap(dir =>
  fs.readdirSync(path.join(root, dir)).map(name => path.join(root, dir, name)),
);

/** The bare package name of an import specifier, or undefined for a relative or Node import. */
export function packageNameOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  if (
    specifier.startsWith('node:') ||
    builtinModules.includes(specifier.split('/')[0])
  ) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function declarationFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return declarationFiles(file);
    return entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

const require = createRequire(path.join(root, 'package.json'));
const semver = require('semver');
const targetRelease = JSON.parse(
  fs.readFileSync(path.join(root, 'backstage.json'), 'utf8'),
).version;

/** The version of a package that this repository installs (the targeted release's). */
function installedVersion(name, fromDir) {
  const local = createRequire(path.join(fromDir, 'package.json'));
  return JSON.parse(
    fs.readFileSync(local.resolve(`${name}/package.json`), 'utf8'),
  ).version;
}

const WEB_ROLES = ['frontend-plugin', 'frontend-plugin-module', 'web-library'];

function rangeProblems(manifest, dir) {
  const found = [];
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (!name.startsWith('@backstage/')) continue;
      const version = installedVersion(name, dir);
      if (!range.startsWith('^') || !semver.satisfies(version, range)) {
        found.push(
          `${manifest.name}: ${field}.${name} is "${range}"; expected a caret range that Backstage ${targetRelease}'s ${version} satisfies, e.g. "^${version}"`,
        );
      }
    }
  }
  if (WEB_ROLES.includes(manifest.backstage?.role)) {
    for (const peer of ['react', 'react-dom', 'react-router-dom']) {
      const uses =
        manifest.dependencies?.[peer] || manifest.devDependencies?.[peer];
      if (uses && !manifest.peerDependencies?.[peer]) {
        found.push(
          `${manifest.name}: "${peer}" must be a peerDependency of a frontend package`,
        );
      }
      if (manifest.dependencies?.[peer]) {
        found.push(
          `${manifest.name}: "${peer}" must not be a dependency (the app provides it)`,
        );
      }
    }
  }
  return found;
}

const importPattern =
  /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)['"]([^'"]+)['"]/g;
const problems = [];
let checked = 0;
for (const dir of workspaces) {
  const manifestFile = path.join(dir, 'package.json');
  if (!fs.existsSync(manifestFile)) continue;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  if (manifest.private) continue;
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  problems.push(...rangeProblems(manifest, dir));
  const files = declarationFiles(path.join(dir, 'dist'));
  if (files.length === 0 && manifest.backstage?.role !== 'cli') {
    problems.push(
      `${manifest.name}: no dist/*.d.ts; run yarn backstage-cli repo build first`,
    );
  }
  for (const file of files) {
    checked += 1;
    for (const [, specifier] of fs
      .readFileSync(file, 'utf8')
      .matchAll(importPattern)) {
      const name = packageNameOf(specifier);
      if (name && !declared.has(name)) {
        problems.push(
          `${manifest.name}: ${path.relative(
            dir,
            file,
          )} imports "${specifier}", but "${name}" is not in its dependencies or peerDependencies`,
        );
      }
    }
  }
}
for (const problem of new Set(problems)) console.error(problem);
console.error(
  `publishable packages: ${checked} declaration files checked against Backstage ${targetRelease}, ${
    new Set(problems).size
  } problems`,
);
process.exitCode = problems.length ? 1 : 0;
