import { Command } from 'commander';
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import { connect, runPortalCommand } from '../lib/connect';
import { EXIT_OK } from '../lib/output';
import type { PortalClient } from '../lib/portal';
import { forbiddenSentence } from '../lib/portalCatalog';
import type { CommandContext } from './types';

export interface DecideOptions {
  portal?: string;
  note?: string;
}

async function datasetOf(client: PortalClient, id: string) {
  return client
    .dataProducts<AccessRequest>(api => api.getAccessRequest({ path: { id } }))
    .then(request => request.dataset)
    .catch(() => undefined);
}

/** Approves or denies an access request. Returns the exit code. */
export async function decideRequest(
  decision: 'approve' | 'deny',
  id: string,
  options: DecideOptions,
  context: CommandContext,
): Promise<number> {
  const client = await connect(options);
  const body = options.note ? { note: options.note } : {};
  const request = await client.dataProducts<AccessRequest>(
    api =>
      decision === 'approve'
        ? api.approveAccessRequest({ path: { id }, body })
        : api.denyAccessRequest({ path: { id }, body }),
    {
      notFound: () =>
        `No access request ${id}: list them with meshport requests --awaiting-me`,
      forbidden: async message => {
        const dataset = await datasetOf(client, id);
        return dataset
          ? forbiddenSentence(client, dataset, `${decision} access to`, message)
          : `You may not ${decision} access request ${id}: only the owners of its dataset or a Meshport admin may (${message}).`;
      },
    },
  );
  context.output.out(
    `Access request ${request.id} ${request.status}: ${request.consumer} on ${
      request.dataset
    } (${request.environments.join(', ')})`,
  );
  return EXIT_OK;
}

function registerDecision(
  decision: 'approve' | 'deny',
  program: Command,
  context: CommandContext,
) {
  program
    .command(decision)
    .description(
      `${
        decision === 'approve' ? 'Approve' : 'Deny'
      } an access request to a dataset you own`,
    )
    .argument('<id>', 'the request id (meshport requests --awaiting-me)')
    .option('--note <text>', 'a note for the requester')
    .option(
      '--portal <url>',
      'the portal backend (default: MESHPORT_PORTAL or the last login)',
    )
    .action(async (id: string, options: DecideOptions) => {
      await runPortalCommand(context, () =>
        decideRequest(decision, id, options, context),
      );
    });
}

export function registerApproveCommand(
  program: Command,
  context: CommandContext,
) {
  registerDecision('approve', program, context);
}

export function registerDenyCommand(program: Command, context: CommandContext) {
  registerDecision('deny', program, context);
}
