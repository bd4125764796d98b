import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Entity } from '@backstage/catalog-model';
import { Command } from 'commander';
import {
  ContractDiff,
  DatasetConsumer,
  diffCatalogs,
  inputPortConsumers,
  parseDuration,
} from '@meshport/plugin-data-products-common';
import { readConfigFiles } from '../lib/environments';
import { readCatalog } from '../lib/catalog';
import {
  CommandOutput,
  EXIT_OK,
  EXIT_PROBLEMS,
  plural,
  UsageError,
} from '../lib/output';
import { readPortalConsumers } from '../lib/portalConsumers';
import type { CommandContext } from './types';

export interface DiffCommandOptions {
  /** Folder with the whole catalog, for consumers' input ports. */
  catalog?: string;
  /** A running portal, for input ports and active grants. */
  portal?: string;
  /** Compare the working tree's file against this git ref. */
  base?: string;
  format?: 'text' | 'json';
  /** Minimum time between today and a deprecated version's sunset, default 30d. */
  noticePeriod?: string;
  /** Today; tests pin it. */
  now?: Date;
}

/** `meshport.contracts.noticePeriod` of `./app-config.yaml`, when it is there and sets one. */
async function readConfiguredNoticePeriod(): Promise<string | undefined> {
  const present = await fs.stat('app-config.yaml').then(
    () => true,
    () => false,
  );
  if (!present) {
    return undefined;
  }
  const { data } = await readConfigFiles(['app-config.yaml']);
  const meshport = data.meshport as
    | { contracts?: { noticePeriod?: unknown } }
    | undefined;
  const value = meshport?.contracts?.noticePeriod;
  return typeof value === 'string' ? value : undefined;
}

async function readEntities(paths: string[], output: CommandOutput) {
  const catalog = await readCatalog(paths);
  catalog.problems.forEach(line => output.err(line));
  return {
    entities: catalog.entities
      .filter(e => e.problems.length === 0)
      .map(e => e.entity as Entity),
    problems: catalog.problems.length,
  };
}

/** The file as it is at a git ref, in a temporary folder; none if it did not exist there. */
async function checkoutAtRef(file: string, ref: string, folder: string) {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) {
    throw new UsageError(`--base compares one file: ${file} is not a file`);
  }
  try {
    const { stdout } = await promisify(execFile)(
      'git',
      ['show', `${ref}:./${path.basename(file)}`],
      { cwd: path.dirname(file), maxBuffer: 64 * 1024 * 1024 },
    );
    const copy = path.join(folder, path.basename(file));
    await fs.writeFile(copy, stdout);
    return [copy];
  } catch (error) {
    const message = String((error as { stderr?: string }).stderr ?? error);
    if (/does not exist|exists on disk, but not in/.test(message)) {
      return []; // a new file: everything in it is added
    }
    throw new UsageError(
      `git show ${ref}:${file} failed: ${message.trim().split('\n')[0]}`,
    );
  }
}

function describeConsumer(consumer: DatasetConsumer): string {
  const name = consumer.title
    ? `${consumer.title} (${consumer.ref})`
    : consumer.ref;
  if (consumer.via === 'input-port') {
    return `${name}, input port`;
  }
  const until = consumer.validUntil
    ? `, until ${new Date(consumer.validUntil).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      })}`
    : '';
  return `${name}, active grant${until}`;
}

/** The text report: one block per dataset, then a summary line. */
export function formatDiff(diff: ContractDiff): string[] {
  const lines: string[] = [];
  for (const dataset of diff.datasets) {
    const breaking = dataset.changes.filter(c => c.severity === 'breaking');
    lines.push(
      `Dataset ${dataset.title} (${dataset.dataset}): ${plural(
        breaking.length,
        'breaking change',
        'breaking changes',
      )}, ${dataset.changes.length - breaking.length} non-breaking`,
    );
    for (const change of dataset.changes) {
      lines.push(`  ${change.severity.padEnd(12)}  ${change.message}`);
    }
    if (breaking.length > 0) {
      lines.push(
        dataset.consumers.length > 0
          ? `  consumers:    ${dataset.consumers
              .map(describeConsumer)
              .join('; ')}`
          : '  consumers:    none known',
      );
    }
    if (dataset.verdict) {
      lines.push(
        `  ${dataset.blocking ? 'blocked:' : 'allowed:'}      ${
          dataset.verdict
        }`,
      );
    }
  }
  const blocking = diff.datasets.filter(d => d.blocking);
  const consumers = new Set(blocking.flatMap(d => d.consumers.map(c => c.ref)));
  lines.push(
    diff.datasets.length === 0
      ? 'No changes to datasets.'
      : `${plural(
          diff.breakingCount,
          'breaking change',
          'breaking changes',
        )}; ${
          blocking.length > 0
            ? `${plural(
                blocking.length,
                'dataset',
                'datasets',
              )} blocked, reaching ${plural(
                consumers.size,
                'consumer',
                'consumers',
              )}`
            : 'nothing blocked'
        }.`,
  );
  return lines;
}

/**
 * Compares two versions of catalog-info.yaml files (or folders) and reports each dataset change
 * as breaking or not, with the consumers of the breaking ones. Returns 1 when a breaking change
 * is not allowed by the version rule, or the new version is invalid; 0 otherwise.
 */
export async function diffContracts(
  paths: string[],
  options: DiffCommandOptions,
  output: CommandOutput,
): Promise<number> {
  const format = options.format ?? 'text';
  if (!['text', 'json'].includes(format)) {
    throw new UsageError(`unknown format '${format}' (use text or json)`);
  }
  if (options.catalog && options.portal) {
    throw new UsageError('use --catalog or --portal, not both');
  }
  const expected = options.base ? 1 : 2;
  if (paths.length !== expected) {
    throw new UsageError(
      options.base
        ? 'with --base, give the one file to compare: meshport diff --base <ref> <file>'
        : 'give the old and the new version: meshport diff <old> <new> (or --base <ref> <file>)',
    );
  }
  const noticePeriod =
    options.noticePeriod ?? (await readConfiguredNoticePeriod()) ?? '30d';
  if (parseDuration(noticePeriod) === undefined) {
    throw new UsageError(
      `--notice-period: expected a duration like 30d, got '${noticePeriod}'`,
    );
  }
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-diff-'));
  try {
    const oldPaths = options.base
      ? await checkoutAtRef(paths[0], options.base, temp)
      : [paths[0]];
    const newPath = paths[paths.length - 1];
    const before = oldPaths.length
      ? (await readEntities(oldPaths, output)).entities
      : [];
    const after = await readEntities([newPath], output);
    if (after.problems > 0) {
      output.err(
        `${newPath}: ${plural(
          after.problems,
          'problem',
          'problems',
        )}: fix them before comparing`,
      );
      return EXIT_PROBLEMS;
    }

    const known: Entity[] = [...after.entities];
    if (options.catalog) {
      known.push(...(await readEntities([options.catalog], output)).entities);
    }
    const portal = options.portal
      ? await readPortalConsumers(options.portal)
      : undefined;
    known.push(...(portal?.products ?? []));
    const grants = new Map<string, DatasetConsumer[]>();
    const first = diffCatalogs(before, after.entities, {
      now: options.now ?? new Date(),
      noticePeriod,
    });
    if (portal) {
      for (const dataset of first.datasets.filter(d =>
        d.changes.some(c => c.severity === 'breaking'),
      )) {
        grants.set(dataset.dataset, await portal.grantsOf(dataset.dataset));
      }
    }
    const diff = diffCatalogs(before, after.entities, {
      now: options.now ?? new Date(),
      noticePeriod,
      consumersOf: ref => {
        const byRef = new Map<string, DatasetConsumer>();
        for (const consumer of [
          ...inputPortConsumers(ref, known),
          ...(grants.get(ref) ?? []),
        ]) {
          if (!byRef.has(consumer.ref) || consumer.via === 'grant') {
            byRef.set(consumer.ref, {
              ...consumer,
              title: consumer.title ?? byRef.get(consumer.ref)?.title,
            });
          }
        }
        return [...byRef.values()];
      },
    });
    const exitCode = diff.blocking ? EXIT_PROBLEMS : EXIT_OK;
    if (format === 'json') {
      output.out(JSON.stringify({ ...diff, exitCode }, null, 2));
    } else {
      formatDiff(diff).forEach(line => output.out(line));
    }
    return exitCode;
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
}

export function registerDiffCommand(program: Command, context: CommandContext) {
  program
    .command('diff')
    .description(
      'Classify the dataset changes between two versions of catalog-info.yaml as breaking or not, with the consumers they reach; exits 1 on a breaking change the version rule does not allow',
    )
    .argument(
      '<paths...>',
      '<old> <new> files or folders, or one file with --base',
    )
    .option(
      '--base <git-ref>',
      'compare the file against its version at this git ref',
    )
    .option('--catalog <dir>', 'folder with the whole catalog, for consumers')
    .option(
      '--portal <url>',
      'running portal, for consumers and active grants (token in MESHPORT_TOKEN)',
    )
    .option(
      '--notice-period <duration>',
      "minimum time until a deprecated version's sunset (default: meshport.contracts.noticePeriod of ./app-config.yaml, else 30d)",
    )
    .option('--format <format>', 'text or json', 'text')
    .action(async (paths: string[], options: DiffCommandOptions) => {
      context.setExitCode(await diffContracts(paths, options, context.output));
    });
}
