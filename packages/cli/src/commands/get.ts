import { Command, Option } from 'commander';
import { stringify as toYaml } from 'yaml';
import { connect, runPortalCommand } from '../lib/connect';
import type { ProductHealth } from '../lib/health';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, plural } from '../lib/output';
import { PortalError } from '../lib/portal';
import { findProductOrDataset } from '../lib/portalCatalog';
import { readProductHealth } from '../lib/productState';
import { formatDate, formatDay, formatTable } from '../lib/table';
import type { CommandContext } from './types';

export const GET_OUTPUTS = ['table', 'json', 'yaml'] as const;
export type GetOutput = (typeof GET_OUTPUTS)[number];

export interface GetOptions {
  portal?: string;
  environment?: string;
  output?: GetOutput;
}

/** 0 healthy, 1 unhealthy, 2 unknown (or the portal could not be asked). */
export function healthExitCode(health: ProductHealth): number {
  if (health.status === 'healthy') return EXIT_OK;
  return health.status === 'unhealthy' ? EXIT_PROBLEMS : EXIT_USAGE;
}

/** The human view of `meshport get`. */
export function renderHealthTable(health: ProductHealth): string[] {
  const lines = [`${health.title} (${health.entityRef}): ${health.status}`];
  for (const reason of health.reasons) {
    lines.push(`  - ${reason}`);
  }
  const errors = health.catalog.flatMap(e => e.errors);
  lines.push(
    '',
    `Catalog: ${plural(health.catalog.length, 'entity', 'entities')}, ${
      errors.length
        ? plural(errors.length, 'processing error', 'processing errors')
        : 'no processing errors'
    }`,
  );
  const provisioning = health.provisioning;
  if (provisioning) {
    const run = provisioning.lastRun;
    lines.push(
      '',
      `Provisioning (${provisioning.mode} mode): ${
        run
          ? `last run ${run.status} (${run.trigger}, ${formatDate(
              run.finishedAt,
            )})`
          : 'never run'
      }`,
    );
    if (provisioning.runUnderWay) {
      lines.push(
        `  a newer run is ${provisioning.runUnderWay.status} (${provisioning.runUnderWay.trigger})`,
      );
    }
    if (provisioning.resources.length) {
      lines.push(
        ...formatTable(
          ['ENVIRONMENT', 'TYPE', 'NAME', 'PLANNED', 'LAST RUN'],
          provisioning.resources.map(r => [
            r.environment,
            r.type,
            r.name,
            r.planned,
            r.error ? `${r.lastRun}: ${r.error}` : r.lastRun,
          ]),
        ).map(line => `  ${line}`),
      );
    }
    for (const problem of provisioning.problems) {
      lines.push(`  ${problem}`);
    }
  }
  const grantRows = (list: ProductHealth['grants']['held']) =>
    formatTable(
      ['CONSUMER', 'DATASET', 'ENVIRONMENTS', 'STATUS', 'UNTIL'],
      list.map(g => [
        g.consumer,
        g.dataset,
        g.environments.join(','),
        g.provisioning ? `${g.status} (${g.provisioning})` : g.status,
        g.validUntil ? formatDay(g.validUntil) : 'no end',
      ]),
    ).map(line => `  ${line}`);
  lines.push('', `Grants held: ${health.grants.held.length || 'none'}`);
  if (health.grants.held.length) lines.push(...grantRows(health.grants.held));
  lines.push(`Grants given: ${health.grants.given.length || 'none'}`);
  if (health.grants.given.length) lines.push(...grantRows(health.grants.given));
  lines.push(
    '',
    `SLOs: ${health.slos.length ? '' : 'none declared'}`.trimEnd(),
  );
  for (const slo of health.slos) {
    lines.push(
      `  ${slo.title}: ${slo.status}${
        slo.openBreaches
          ? `, ${plural(slo.openBreaches, 'open breach', 'open breaches')}`
          : ''
      }${slo.sampleData ? ' (sample data)' : ''}`,
    );
  }
  if (health.reads) {
    const { lastRead, readersLast30Days } = health.reads;
    lines.push(
      '',
      lastRead
        ? `Reads: last on ${formatDay(lastRead)}; in the last 30 days by ${
            readersLast30Days.join(', ') || 'no other product'
          }`
        : 'Reads: none recorded',
    );
  }
  const retirement = health.retirement;
  lines.push(
    '',
    retirement
      ? `Retirement: ${retirement.status}, sunset ${formatDay(
          retirement.sunset,
        )} (${retirement.reason})`
      : 'Retirement: not retiring',
  );
  for (const step of retirement?.steps ?? []) {
    lines.push(`  ${step.name}: ${step.status}`);
  }
  return lines;
}

export async function get(
  target: string,
  options: GetOptions,
  context: CommandContext,
): Promise<number> {
  const output = options.output ?? 'table';
  let health: ProductHealth;
  try {
    const client = await connect(options);
    const entity = await findProductOrDataset(client, target);
    health = await readProductHealth(client, entity, options.environment);
  } catch (error) {
    if (error instanceof PortalError) {
      // Whatever kept us from asking, the health is unknown.
      context.output.err(`meshport: ${error.message}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (output === 'json') {
    context.output.out(JSON.stringify(health, null, 2));
  } else if (output === 'yaml') {
    context.output.out(toYaml(health).trimEnd());
  } else {
    renderHealthTable(health).forEach(line => context.output.out(line));
  }
  return healthExitCode(health);
}

export function registerGetCommand(program: Command, context: CommandContext) {
  program
    .command('get')
    .description(
      'Show the health of a data product (or dataset) in the portal: catalog, resources, grants, SLOs, retirement. Exit 0 healthy, 1 unhealthy, 2 unknown',
    )
    .argument(
      '<product|dataset>',
      'e.g. sales-orders or dataset:default/orders',
    )
    .option(
      '--portal <url>',
      'the portal backend (default: MESHPORT_PORTAL or the last login)',
    )
    .option('--environment <name>', 'only the resources of this environment')
    .addOption(
      new Option('--output <format>', 'table, json or yaml')
        .choices(GET_OUTPUTS)
        .default('table'),
    )
    .action(async (target: string, options: GetOptions) => {
      await runPortalCommand(context, () => get(target, options, context));
    });
}
