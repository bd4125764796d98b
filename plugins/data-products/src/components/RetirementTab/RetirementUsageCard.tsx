import { Box, Typography } from '@material-ui/core';
import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import type {
  RetirementConsumer,
  RetirementUsage,
} from '@meshport/plugin-data-products-common';
import { TableFrame } from '../shared';
import { formatDate } from '../shared/localTime';
import { entityPath, formatTime, shortRef } from './presentation';

/** An entity by the name the catalog gives it (a person's display name), never its ref. */
const Named = (props: { entityRef: string }) => (
  <EntityDisplayName entityRef={props.entityRef} hideIcon disableTooltip />
);

type Row = {
  id: string;
  consumer: string;
  consumerTitle: string;
  dataset: string;
  datasetTitle: string;
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
        <Link to={entityPath(row.dataset)}>{row.datasetTitle}</Link>
      ),
    },
    { title: 'Access', field: 'status' },
    {
      title: 'Requested by',
      field: 'requester',
      render: row =>
        row.requester ? <Named entityRef={row.requester} /> : '—',
    },
    {
      title: 'Since',
      field: 'since',
      render: row => (row.since ? formatDate(row.since) : '—'),
    },
    {
      title: 'Until',
      field: 'validUntil',
      render: row => {
        if (!row.since) return '—';
        return row.validUntil ? formatDate(row.validUntil) : 'no end';
      },
    },
  ] as TableColumn<Row>[]
).map(column => ({
  ...column,
  cellStyle: cell,
  headerStyle: { ...cell, whiteSpace: 'nowrap' },
}));

function rowsOf(
  consumers: RetirementConsumer[],
  datasetTitles: Map<string, string>,
): Row[] {
  const datasetTitle = (ref: string) => datasetTitles.get(ref) ?? shortRef(ref);
  return consumers.flatMap(consumer => {
    const consumerTitle = consumer.title ?? shortRef(consumer.consumer);
    const grants = consumer.grants.map(grant => ({
      id: grant.requestId,
      consumer: consumer.consumer,
      consumerTitle,
      dataset: grant.dataset,
      datasetTitle: datasetTitle(grant.dataset),
      status:
        grant.status === 'approved' ? 'approved, provisioning' : 'granted',
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
      datasetTitle: datasetTitle(dataset),
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
  const rows = rowsOf(
    usage.consumers,
    new Map((usage.datasetTitles ?? []).map(d => [d.ref, d.title])),
  );
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
                } in the last 30 days: `}
            {usage.reads.readersLast30Days.map((reader, i) => (
              <span key={reader}>
                {i > 0 && ', '}
                <Named entityRef={reader} />
              </span>
            ))}
            {usage.reads.readersLast30Days.length > 0 && '.'}
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
