import { Command } from 'commander';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  MeshportEnvironment,
  parseDuration,
  TriggerProvisioningRunResponse,
} from '@meshport/plugin-data-products-common';
import { readCatalog } from '../lib/catalog';
import { connect, runPortalCommand } from '../lib/connect';
import {
  describeOutcome,
  LocationAction,
  preflight,
  registerOrRefresh,
  runFailures,
  waitForCatalog,
  waitForRun,
} from '../lib/deploy';
import { readEnvironmentsFromConfigFiles } from '../lib/environments';
import { EXIT_OK, EXIT_PROBLEMS, plural, UsageError } from '../lib/output';
import { forbiddenSentence } from '../lib/portalCatalog';
import type { CommandContext } from './types';

export interface ApplyOptions {
  portal?: string;
  environment?: string;
  wait?: boolean;
  timeout?: string;
  config?: string[];
  location?: string;
}

/** `10m`, `90s`, `1h` in milliseconds. */
export function parseTimeout(value: string): number {
  const seconds = /^(\d+)s$/.exec(value);
  const ms = seconds ? Number(seconds[1]) * 1000 : parseDuration(value);
  if (!ms) {
    throw new UsageError(
      `--timeout: must be a duration such as 90s, 10m or 1h (got ${JSON.stringify(
        value,
      )})`,
    );
  }
  return ms;
}

/** `Registered file:...`, `Pushed to meshport-local-git:orders (commit 1a2b3c4d)`. */
export function describeLocationAction(location: LocationAction): string {
  switch (location.kind) {
    case 'registered':
      return `Registered ${location.location}`;
    case 'pushed':
      return location.changed
        ? `Pushed to ${location.location} (commit ${location.commit?.slice(
            0,
            8,
          )})`
        : `${
            location.location
          } already holds these documents (commit ${location.commit?.slice(
            0,
            8,
          )}); refreshed`;
    default:
      return `Refreshed ${location.location}`;
  }
}

/**
 * Validates the files offline, has the portal's catalog read them, reconciles the product and,
 * with `wait`, follows the run to its end. Returns the exit code: 0 applied (and, with `wait`,
 * succeeded), 1 invalid spec, refused or failed run, 2 wrong usage or portal unreachable.
 */
export async function apply(
  paths: string[],
  options: ApplyOptions,
  context: CommandContext,
): Promise<number> {
  const { output } = context;
  const started = Date.now();
  const deadline = started + parseTimeout(options.timeout ?? '10m');

  let environments: MeshportEnvironment[] | undefined;
  if (options.config?.length) {
    const fromConfig = await readEnvironmentsFromConfigFiles(options.config);
    fromConfig.problems.forEach(p =>
      output.out(`${fromConfig.source}: ${p.path}: ${p.message}`),
    );
    if (fromConfig.problems.length) return EXIT_PROBLEMS;
    environments = fromConfig.environments;
  }
  // 1. The same checks and lines as `meshport validate`: nothing reaches the portal if they fail.
  const catalog = await readCatalog(paths.length ? paths : ['.'], environments);
  catalog.problems.forEach(line => output.out(line));
  if (catalog.problems.length) {
    output.err(
      `Not applied: ${plural(
        catalog.problems.length,
        'problem',
        'problems',
      )} in the spec`,
    );
    return EXIT_PROBLEMS;
  }
  const products = catalog.entities.filter(
    e => e.kind.toLocaleLowerCase('en-US') === 'dataproduct',
  );
  if (products.length !== 1) {
    throw new UsageError(
      `apply takes the files of one data product: found ${plural(
        products.length,
        'DataProduct',
        'DataProducts',
      )} in ${paths.join(' ') || '.'}`,
    );
  }
  const product = products[0].entity as Entity;
  const productRef = stringifyEntityRef(product);
  const title = product.metadata.title ?? product.metadata.name;
  const client = await connect(options);

  // 2. May the caller deploy it, and what would change (nothing is changed yet)?
  const entities = catalog.entities.map(e => e.entity as Entity);
  const pending = await preflight(client, product, entities);
  output.err(
    pending.size
      ? `Changes to make: ${[...pending]
          .map(
            ([environment, count]) =>
              `${environment} ${plural(count, 'operation', 'operations')}`,
          )
          .join(', ')}`
      : 'No resource changes to make',
  );

  // 3. The catalog reads the product (its location registered or refreshed, or the documents
  // committed to its repository on the portal host).
  const location = await registerOrRefresh(
    client,
    product,
    products[0].file,
    options.location,
    entities,
  );
  output.err(describeLocationAction(location));
  // A product read from a repository shows the change only once it is pushed there: do not
  // wait the whole timeout for it.
  const catalogDeadline = location.elsewhere
    ? Math.min(deadline, Date.now() + 60_000)
    : deadline;
  await waitForCatalog(client, entities, catalogDeadline, location);
  output.err(
    `The catalog shows ${plural(
      catalog.entities.length,
      'entity',
      'entities',
    )} of ${title}`,
  );

  // 4. Reconcile the product.
  const { run } = await client.dataProducts<TriggerProvisioningRunResponse>(
    api =>
      api.triggerProvisioningRun({
        body: {
          entityRef: productRef,
          ...(options.environment ? { environment: options.environment } : {}),
        },
      }),
    {
      forbidden: message =>
        forbiddenSentence(client, productRef, 'reconcile', message),
    },
  );
  output.err(`Reconcile of ${title} queued: run ${run.id}`);
  if (!options.wait) {
    output.out(`Applied ${title}; follow it with: meshport get ${productRef}`);
    return EXIT_OK;
  }

  // 5. Follow it.
  const finished = await waitForRun(
    client,
    run.id,
    productRef,
    deadline,
    line => output.err(`  ${line}`),
  );
  if (!finished) {
    output.err(
      `meshport: run ${run.id} did not finish within ${
        options.timeout ?? '10m'
      }; follow it with meshport get ${productRef}.`,
    );
    return EXIT_PROBLEMS;
  }
  const failures = runFailures(finished, productRef);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length) {
    failures.forEach(line => output.out(`failed: ${line}`));
    output.err(
      `meshport: the reconcile of ${title} ${
        finished.status === 'partial' ? 'partly failed' : 'failed'
      } (run ${run.id}, ${describeOutcome(finished)})`,
    );
    return EXIT_PROBLEMS;
  }
  output.out(
    `Applied ${title}: run ${run.id} ${finished.status} in ${
      finished.mode
    } mode (${describeOutcome(finished)}) after ${seconds}s`,
  );
  return EXIT_OK;
}

export function registerApplyCommand(
  program: Command,
  context: CommandContext,
) {
  program
    .command('apply')
    .description(
      "Validate a data product's files, have the portal's catalog read them and reconcile the product",
    )
    .argument(
      '[paths...]',
      'the files or folder of one data product (default: .)',
    )
    .option(
      '--portal <url>',
      'the portal backend (default: MESHPORT_PORTAL or the last login)',
    )
    .option(
      '--environment <name>',
      'report the operations of this environment only',
    )
    .option('--wait', 'follow the reconcile to its end and exit 1 if it fails')
    .option(
      '--timeout <duration>',
      'how long to wait in all (90s, 10m, 1h)',
      '10m',
    )
    .option(
      '--location <url>',
      "for a product the portal doesn't know yet: the URL of its catalog-info.yaml in a repository the portal reads (default: the local file, for a portal on this machine)",
    )
    .option(
      '--config <path>',
      'app-config file with meshport.environments to validate against; repeat to merge several',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(async (paths: string[], options: ApplyOptions) => {
      await runPortalCommand(context, () => apply(paths, options, context));
    });
}
