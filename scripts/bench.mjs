// Runs every benchmark of the repository, one after the other:
//
//   yarn bench [args...]    e.g. yarn bench --products 250
//
// Each benchmark runs as its own Node process (the Node running this script),
// so timings and memory of one do not disturb the next; extra arguments are
// passed to every benchmark. Exits non-zero if any benchmark fails.
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Benchmark scripts, relative to the repository root. */
const BENCHMARKS = [
  'plugins/data-products-backend-module-aws/bench/plan.bench.js',
  // lake-formation mode beside IAM mode: plan time, grants per consumer role, 5,000-grant file
  'plugins/data-products-backend-module-aws/bench/lakeFormation.bench.js',
  // no-op reconcile: AWS read calls and simulated time, old method beside new
  'plugins/data-products-backend-module-aws/bench/reconcile.bench.js',
  'plugins/data-products-backend/bench/sli.bench.js',
  // SQLite, then PostgreSQL (scripts/postgres.sh; skipped with a message without it)
  'plugins/data-products-backend/bench/access.bench.js',
  // the embedded default portal on port 7402 (MESHPORT_BENCH_PORT): apply --wait to a healthy get
  'packages/cli/bench/deploy.bench.js',
  // 100,000 OpenLineage events in, 3-hop queries out; SQLite, then PostgreSQL
  'plugins/data-products-backend/bench/lineage.bench.js',
  // the Data home's SLO statuses at 1,000 datasets: per-dataset read beside the bulk one; SQLite, then PostgreSQL
  'plugins/data-products-backend/bench/sloStatuses.bench.js',
  // Lunr with 1,000 products and 10,000 datasets: find by column, title, prefix
  'plugins/search-backend-module-data-products/bench/search.bench.js',
  // the Data home in Chromium on the production build, 1,000 products and 10,000 datasets in the
  // catalog of a portal on port 7900 (its loaded SQLite kept in .data/bench/ for the next run)
  'plugins/data-products/bench/home.bench.mjs',
];

const args = process.argv.slice(2);
const failed = [];
for (const benchmark of BENCHMARKS) {
  const file = join(root, benchmark);
  console.log(`\n=== ${relative(root, file)} ${args.join(' ')}`.trimEnd());
  const started = Date.now();
  const result = spawnSync(process.execPath, [file, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error || result.status !== 0) {
    const why = result.error
      ? result.error.message
      : result.signal
      ? `killed by ${result.signal}`
      : `exit code ${result.status}`;
    console.log(`=== FAILED after ${seconds} s: ${benchmark} (${why})`);
    failed.push(benchmark);
  } else {
    console.log(`=== ok after ${seconds} s: ${benchmark}`);
  }
}
console.log(
  failed.length
    ? `\n${failed.length} of ${
        BENCHMARKS.length
      } benchmark(s) failed: ${failed.join(', ')}`
    : `\nall ${BENCHMARKS.length} benchmark(s) passed`,
);
process.exitCode = failed.length ? 1 : 0;
