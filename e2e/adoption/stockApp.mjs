// A stock Backstage app from @backstage/create-app, pinned to the Backstage release this repository
// targets, with the packed @meshport/* tarballs installed. See e2e/adoption/run.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const CREATE_APP_VERSION = '0.9.2';

export function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    stdio: options.logFile ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  });
  if (options.logFile) {
    fs.appendFileSync(
      options.logFile,
      `\n$ ${command} ${args.join(' ')}\n${result.stdout ?? ''}${
        result.stderr ?? ''
      }`,
    );
  }
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${result.status})${
        options.logFile ? `; see ${options.logFile}` : ''
      }\n${(result.stderr ?? '').slice(-3000)}`,
    );
  }
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

/** Installs @backstage/create-app (and its own dependencies) once; returns its package folder. */
export function fetchCreateApp(workDir) {
  const dir = path.join(workDir, `create-app-${CREATE_APP_VERSION}`);
  const packageDir = path.join(dir, 'node_modules', '@backstage', 'create-app');
  if (!fs.existsSync(path.join(packageDir, 'package.json'))) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `@backstage/create-app@${CREATE_APP_VERSION}`,
      ],
      { cwd: dir },
    );
  }
  return packageDir;
}

/** The @backstage/* versions of the release that create-app bundles (its template's versions). */
export function releaseVersions(createAppDir) {
  const require = createRequire(path.join(createAppDir, 'package.json'));
  const { packageVersions } = require('./dist/lib/versions.cjs.js');
  return Object.fromEntries(
    Object.entries(packageVersions).filter(([name]) =>
      name.startsWith('@backstage/'),
    ),
  );
}

/**
 * The @backstage/* packages this repository's yarn.lock resolves to exactly one version: the rest
 * of the release (transitive packages create-app does not list).
 */
export function lockedBackstageVersions(lockfile) {
  const versions = new Map();
  let current;
  for (const line of fs.readFileSync(lockfile, 'utf8').split('\n')) {
    const header = /^"?(@backstage\/[^@"]+)@/.exec(line);
    if (header) current = header[1];
    else if (!line.startsWith(' ')) current = undefined;
    const version = /^ {2}version: (\S+)/.exec(line);
    if (current && version) {
      if (!versions.has(current)) versions.set(current, new Set());
      versions.get(current).add(version[1]);
    }
  }
  return Object.fromEntries(
    [...versions]
      .filter(([, set]) => set.size === 1)
      .map(([name, set]) => [name, [...set][0]]),
  );
}

/** Runs create-app without prompts into `appDir`. */
export function createStockApp({ createAppDir, appDir, legacy, logFile }) {
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.mkdirSync(appDir, { recursive: true });
  run(
    process.execPath,
    [
      path.join(createAppDir, 'bin', 'backstage-create-app'),
      '--path',
      appDir,
      '--skip-install',
      ...(legacy ? ['--legacy'] : []),
    ],
    {
      cwd: path.dirname(appDir),
      env: { ...process.env, BACKSTAGE_APP_NAME: path.basename(appDir) },
      logFile,
    },
  );
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Pins the stock app to the targeted release, as this repository pins itself: every @backstage/*
 * dependency exact, root resolutions for the release and this repository's toolchain pins, the
 * lockfile seeded from this repository's; the @meshport/* packages resolve to the tarballs.
 */
export function pinStockApp({ appDir, repoRoot, release, tarballs }) {
  const repoManifest = readJson(path.join(repoRoot, 'package.json'));
  const pinned = {
    ...lockedBackstageVersions(path.join(repoRoot, 'yarn.lock')),
    ...release,
  };
  const manifests = [
    path.join(appDir, 'package.json'),
    path.join(appDir, 'packages', 'app', 'package.json'),
    path.join(appDir, 'packages', 'backend', 'package.json'),
  ];
  for (const file of manifests) {
    const manifest = readJson(file);
    for (const field of ['dependencies', 'devDependencies']) {
      for (const name of Object.keys(manifest[field] ?? {})) {
        if (pinned[name]) manifest[field][name] = pinned[name];
      }
    }
    writeJson(file, manifest);
  }
  const rootManifest = readJson(manifests[0]);
  rootManifest.resolutions = {
    ...rootManifest.resolutions,
    ...repoManifest.resolutions,
    ...pinned,
    ...Object.fromEntries(
      Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]),
    ),
  };
  rootManifest.dependenciesMeta = repoManifest.dependenciesMeta;
  writeJson(manifests[0], rootManifest);
  fs.copyFileSync(
    path.join(repoRoot, 'yarn.lock'),
    path.join(appDir, 'yarn.lock'),
  );
}

/** Adds dependencies to a workspace of the stock app (what `yarn add` would write). */
export function addDependencies(manifestFile, dependencies) {
  const manifest = readJson(manifestFile);
  manifest.dependencies = Object.fromEntries(
    Object.entries({ ...manifest.dependencies, ...dependencies }).sort(
      ([a], [b]) => (a < b ? -1 : 1),
    ),
  );
  writeJson(manifestFile, manifest);
}

/**
 * The @backstage/* packages the stock app installed that are not at the targeted release's
 * version (what `pinned` says), e.g. a newer major pulled in by a caret range.
 */
export function driftedPackages(appDir, pinned) {
  const scopeDir = path.join(appDir, 'node_modules', '@backstage');
  const drifted = [];
  for (const name of fs.readdirSync(scopeDir)) {
    const manifestFile = path.join(scopeDir, name, 'package.json');
    if (!fs.existsSync(manifestFile)) continue;
    const { version } = readJson(manifestFile);
    const expected = pinned[`@backstage/${name}`];
    if (expected && expected !== version) {
      drifted.push(`@backstage/${name} ${version} (release: ${expected})`);
    }
  }
  return drifted;
}
