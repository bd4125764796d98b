import { Box, Typography } from '@material-ui/core';
import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import type {
  RetirementConsumer,
  RetirementUsage,
} from '@meshport/plugin-data-products-common';
import { TableFrame } from '../shared';
import { entityPath, formatDay, formatTime, shortRef } from './presentation';

type Row = {
  id: string;
  consumer: string;
  consumerTitle: string;
  dataset: string;
  status: string;
  requester: string;
  since: string;
  validUntil?: string;
};

// Six columns in a page-wide card at 1024 pixels: tighter cells than material-table's own
const cell = { padding: '6px 8px' };

const columns: TableColumn<Row>[] = (
  [
    {
      title: 'Consumer',
      field: 'consumer',
      render: row => (
        <Link to={entityPath(row.consumer)}>{row.consumerTitle}</Link>
      ),
    },
    {
      title: 'Dataset',
      field: 'dataset',
      render: row => (
        <Link to={entityPath(row.dataset)}>{shortRef(row.dataset)}</Link>
      ),
    },
    { title: 'Access', field: 'status' },
    {
      title: 'Requested by',
      field: 'requester',
      render: row => (row.requester ? shortRef(row.requester) : '—'),
    },
    {
      title: 'Since',
      field: 'since',
      render: row => (row.since ? formatDay(row.since) : '—'),
    },
    {
      title: 'Until',
      field: 'validUntil',
      render: row => {
        if (!row.since) return '—';
        return row.validUntil ? formatDay(row.validUntil) : 'no end';
      },
    },
  ] as TableColumn<Row>[]
).map(column => ({
  ...column,
  cellStyle: cell,
  headerStyle: { ...cell, whiteSpace: 'nowrap' },
}));

function rowsOf(consumers: RetirementConsumer[]): Row[] {
  return consumers.flatMap(consumer => {
    const consumerTitle = consumer.title ?? shortRef(consumer.consumer);
    const grants = consumer.grants.map(grant => ({
      id: grant.requestId,
      consumer: consumer.consumer,
      consumerTitle,
      dataset: grant.dataset,
      status: grant.status,
      requester: grant.requester,
      since: grant.since,
      validUntil: grant.validUntil,
    }));
    // Declared (or reading) without access: told of the retirement too.
    const others = (consumer.datasets ?? []).map(dataset => ({
      id: `${consumer.consumer}|${dataset}`,
      consumer: consumer.consumer,
      consumerTitle,
      dataset,
      status: consumer.declared
        ? 'declared, no access'
        : 'asked or reads, no access',
      requester: '',
      since: '',
    }));
    return [...grants, ...others];
  });
}

/** Who still uses the product and when it was last active: what to weigh before retiring. */
export const RetirementUsageCard = (props: { usage: RetirementUsage }) => {
  const { usage } = props;
  const rows = rowsOf(usage.consumers);
  const holding = usage.consumers.filter(c => c.grants.length > 0).length;
  const declaredOnly = usage.consumers.length - holding;
  return (
    <InfoCard title="Usage">
      <Box mb={2}>
        <Typography variant="body1">
          {holding === 0
            ? 'No consumer holds access to its datasets.'
            : `${holding} consumer${holding === 1 ? '' : 's'} hold${
                holding === 1 ? 's' : ''
              } access to its datasets: they are notified with the sunset date and lose access when the steps run.`}
          {declaredOnly > 0 &&
            ` ${declaredOnly} more use${
              declaredOnly === 1 ? 's' : ''
            } its datasets without access (an input port, a pending request or reads); they are notified too.`}
        </Typography>
        {usage.inputGrants > 0 && (
          <Typography variant="body2" color="textSecondary">
            The product itself holds {usage.inputGrants} grant
            {usage.inputGrants === 1 ? '' : 's'} on other datasets; its roles
            are released with it.
          </Typography>
        )}
        {usage.reads && (
          <Typography variant="body2" aria-label="Reads">
            {usage.reads.lastRead
              ? `Last read ${formatTime(usage.reads.lastRead)}`
              : 'Not read in the last 30 days'}
            {'; '}
            {usage.reads.readersLast30Days.length === 0
              ? 'no other reader in the last 30 days.'
              : `${usage.reads.readersLast30Days.length} other reader${
                  usage.reads.readersLast30Days.length === 1 ? '' : 's'
                } in the last 30 days: ${usage.reads.readersLast30Days
                  .map(shortRef)
                  .join(', ')}.`}
          </Typography>
        )}
      </Box>
      {rows.length > 0 && (
        <TableFrame>
          <Table<Row>
            title="Consumers affected"
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={columns}
            data={rows}
          />
        </TableFrame>
      )}
      <Box mt={2}>
        <Typography variant="subtitle2">Last activity</Typography>
        {usage.lastActivity.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No recorded activity.
          </Typography>
        ) : (
          <Box component="ul" m={0} pl={3}>
            {usage.lastActivity.map(activity => (
              <li key={activity.source}>
                <Typography variant="body2">
                  {formatTime(activity.at)}: {activity.description}
                </Typography>
              </li>
            ))}
          </Box>
        )}
      </Box>
    </InfoCard>
  );
};
