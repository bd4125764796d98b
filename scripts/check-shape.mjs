#!/usr/bin/env node
// Reports the files that break the project's target shape (issue #12): source
// files over 500 lines (tests, and fakes under testing/, excluded), and
// plugin.ts / module.ts over 120 lines. Report only: it always exits 0, so it
// shows the way without failing CI yet.
// Usage: node scripts/check-shape.mjs [root]   (default: the repository)
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root =
  process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..');
const MAX_LINES = 500;
const MAX_WIRING_LINES = 120;
const WIRING_FILES = new Set(['plugin.ts', 'module.ts']);
const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const TEST =
  /(\.(test|spec)\.[jt]sx?$)|(^|\/)(__tests__|__testUtils__|__fixtures__|testing)\//;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'dist-types', '.git']);

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts'))
      yield path;
  }
}

function lineCount(path) {
  const text = readFileSync(path, 'utf8');
  if (!text) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const tooLong = [];
const wiring = [];
let checked = 0;
for (const top of ['plugins', 'packages']) {
  let packages;
  try {
    packages = readdirSync(join(root, top), { withFileTypes: true });
  } catch {
    continue;
  }
  for (const pkg of packages) {
    if (!pkg.isDirectory()) continue;
    let files;
    try {
      files = [...sourceFiles(join(root, top, pkg.name, 'src'))];
    } catch {
      continue; // no src/
    }
    for (const path of files) {
      const rel = relative(root, path);
      if (TEST.test(rel)) continue;
      checked++;
      const lines = lineCount(path);
      if (lines > MAX_LINES) tooLong.push({ rel, lines });
      if (WIRING_FILES.has(basename(path)) && lines > MAX_WIRING_LINES)
        wiring.push({ rel, lines });
    }
  }
}

const byLines = (a, b) => b.lines - a.lines || (a.rel < b.rel ? -1 : 1);
tooLong.sort(byLines);
wiring.sort(byLines);
if (tooLong.length) {
  console.log(`Source files over ${MAX_LINES} lines (tests excluded):`);
  for (const { rel, lines } of tooLong)
    console.log(`  ${String(lines).padStart(5)}  ${rel}`);
}
if (wiring.length) {
  console.log(`plugin.ts / module.ts over ${MAX_WIRING_LINES} lines:`);
  for (const { rel, lines } of wiring)
    console.log(`  ${String(lines).padStart(5)}  ${rel}`);
}
console.log(
  `Shape: ${checked} source files checked; ${tooLong.length} over ${MAX_LINES} lines, ` +
    `${wiring.length} plugin.ts/module.ts over ${MAX_WIRING_LINES} lines (report only).`,
);
process.exit(0);
