import { Command, Option } from 'commander';
import type {
  AccessRequest,
  ListAccessRequestsResponse,
} from '@meshport/plugin-data-products-common';
import { connect, runPortalCommand } from '../lib/connect';
import { EXIT_OK, plural } from '../lib/output';
import { formatDate, formatTable } from '../lib/table';
import type { CommandContext } from './types';

export interface RequestsOptions {
  portal?: string;
  awaitingMe?: boolean;
  mine?: boolean;
  status?: string[];
  output?: 'table' | 'json';
}

export function renderRequests(items: AccessRequest[]): string[] {
  return formatTable(
    [
      'ID',
      'STATUS',
      'CONSUMER',
      'DATASET',
      'ENVIRONMENTS',
      'REQUESTER',
      'ASKED',
      'PURPOSE',
    ],
    items.map(r => [
      r.id,
      r.status,
      r.consumer,
      r.dataset,
      r.environments.join(','),
      r.requester,
      formatDate(r.createdAt),
      r.purpose,
    ]),
  );
}

/** The access-request inbox. Returns the exit code. */
export async function listRequests(
  options: RequestsOptions,
  context: CommandContext,
): Promise<number> {
  const client = await connect(options);
  const response = await client.dataProducts<ListAccessRequestsResponse>(api =>
    api.listAccessRequests({
      query: {
        awaitingMyDecision: options.awaitingMe ? 'true' : undefined,
        mine: options.mine ? 'true' : undefined,
        status: options.status,
        limit: '100',
      },
    }),
  );
  if (options.output === 'json') {
    context.output.out(JSON.stringify(response, null, 2));
    return EXIT_OK;
  }
  if (response.items.length) {
    renderRequests(response.items).forEach(line => context.output.out(line));
  }
  context.output.err(
    `${plural(response.totalCount, 'access request', 'access requests')}${
      options.awaitingMe ? ' awaiting your decision' : ''
    }${options.mine ? ' you made' : ''}`,
  );
  return EXIT_OK;
}

export function registerRequestsCommand(
  program: Command,
  context: CommandContext,
) {
  program
    .command('requests')
    .description(
      'List access requests (decide them with meshport approve|deny <id>)',
    )
    .option('--awaiting-me', 'only pending requests you may decide')
    .option('--mine', 'only requests you made')
    .option(
      '--status <status>',
      'only these statuses (pending, approved, granted, denied, ...); repeat for several',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addOption(
      new Option('--output <format>', 'table or json')
        .choices(['table', 'json'])
        .default('table'),
    )
    .option(
      '--portal <url>',
      'the portal backend (default: MESHPORT_PORTAL or the last login)',
    )
    .action(async (options: RequestsOptions) => {
      await runPortalCommand(context, () => listRequests(options, context));
    });
}
