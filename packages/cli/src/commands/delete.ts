import { Command } from 'commander';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  DataProductRetirementResponse,
  Retirement,
} from '@meshport/plugin-data-products-common';
import { connect, runPortalCommand } from '../lib/connect';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../lib/output';
import { PortalError } from '../lib/portal';
import {
  entityTitle,
  findProductOrDataset,
  forbiddenSentence,
  getEntity,
} from '../lib/portalCatalog';
import { formatDay } from '../lib/table';
import type { CommandContext } from './types';

export interface DeleteOptions {
  portal?: string;
  reason?: string;
  sunset?: string;
}

/**
 * Starts the retirement of a data product: there is no instant delete; consumers are told and
 * the steps run at the sunset (the notice period applies). Returns the exit code.
 */
export async function deleteProduct(
  target: string,
  options: DeleteOptions,
  context: CommandContext,
): Promise<number> {
  if (!options.reason?.trim()) {
    throw new UsageError(
      'delete needs --reason "<why>": the consumers are told why the product goes away',
    );
  }
  const client = await connect(options);
  const entity = await findProductOrDataset(client, target);
  if (entity.kind.toLocaleLowerCase('en-US') !== 'dataproduct') {
    throw new PortalError(
      `${entityTitle(entity)} is a ${
        entity.kind
      }: retire its data product (meshport delete <product>); a dataset goes away by removing it from the product's spec and applying.`,
      undefined,
      EXIT_PROBLEMS,
    );
  }
  const entityRef = stringifyEntityRef(entity);
  const title = entityTitle(entity);
  const current = await client.dataProducts<DataProductRetirementResponse>(
    api => api.getRetirement({ query: { entityRef } }),
  );
  const body = {
    entityRef,
    reason: options.reason.trim(),
    sunset: options.sunset ?? current.policy.earliestSunset,
  };
  const retirement = await client.dataProducts<Retirement>(
    api => api.startRetirement({ body }),
    {
      forbidden: message =>
        forbiddenSentence(client, entity, 'retire', message),
    },
  );
  const consumerRefs =
    retirement.notifiedConsumers ??
    current.usage.consumers.map(consumer => consumer.consumer);
  const consumers = await Promise.all(
    consumerRefs.map(async ref => {
      const consumer = await getEntity(client, ref).catch(() => undefined);
      return consumer ? `${entityTitle(consumer)} (${ref})` : ref;
    }),
  );
  context.output.out(
    `Retirement of ${title} started: its resources are released on ${formatDay(
      retirement.sunset,
    )} (notice period ${
      current.policy.noticePeriod
    }); new access requests are refused from now on.`,
  );
  context.output.out(
    consumers.length
      ? `Consumers notified: ${consumers.join(', ')}`
      : 'Consumers notified: none (no product holds access to its datasets)',
  );
  context.output.out(`Follow its steps with: meshport get ${entityRef}`);
  return EXIT_OK;
}

export function registerDeleteCommand(
  program: Command,
  context: CommandContext,
) {
  program
    .command('delete')
    .description(
      'Start the retirement of a data product (consumers are notified; its resources are released at the sunset)',
    )
    .argument('<product>', 'e.g. sales-orders')
    .requiredOption(
      '--reason <text>',
      'why the product is retired (sent to its consumers)',
    )
    .option(
      '--sunset <date>',
      'when the resources are released, e.g. 2027-01-31 (default: the earliest the notice period allows)',
    )
    .option(
      '--portal <url>',
      'the portal backend (default: MESHPORT_PORTAL or the last login)',
    )
    .action(async (target: string, options: DeleteOptions) => {
      await runPortalCommand(context, () =>
        deleteProduct(target, options, context),
      );
    });
}
