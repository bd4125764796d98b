import { ReactNode } from 'react';
import { Box, Chip, Typography } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { Consumption } from '@meshport/plugin-data-products-common';
import { lineageApiRef } from '@meshport/plugin-data-products-react';
import useAsync from 'react-use/esm/useAsync';
import { describeConsumption, summarizeConsumers } from './presentation';
import { TableFrame } from '../shared';

/** Props of {@link ConsumersCard}. */
export interface ConsumersCardProps {
  /** A Dataset or DataProduct ref. */
  entityRef: string;
  /** `consumers` (who reads the entity's datasets) or `inputs` (what a product reads). */
  show?: 'consumers' | 'inputs';
  title?: string;
  subheader?: string;
  /** Change it to load again. */
  refreshKey?: number;
  /** Show the dataset column (a product's several datasets). */
  showDataset?: boolean;
  /** An action for a row (e.g. "Request access" for a declared input port). */
  renderAction?: (row: Consumption) => ReactNode;
}

const StateCell = ({ row }: { row: Consumption }) => {
  const label = describeConsumption(row);
  return (
    <Box>
      <Typography variant="body2">{label.state}</Typography>
      {label.warning && (
        <Typography variant="caption" color="error">
          {label.warning}
        </Typography>
      )}
    </Box>
  );
};

function columnsFor(
  show: 'consumers' | 'inputs',
  showDataset: boolean,
  renderAction?: (row: Consumption) => ReactNode,
): TableColumn<Consumption>[] {
  const consumer: TableColumn<Consumption> = {
    title: 'Consumer',
    field: 'consumerTitle',
    render: row => (
      <EntityRefLink entityRef={row.consumer} title={row.consumerTitle} />
    ),
  };
  const dataset: TableColumn<Consumption> = {
    title: 'Dataset',
    field: 'datasetTitle',
    render: row => (
      <EntityRefLink entityRef={row.dataset} title={row.datasetTitle} />
    ),
  };
  const rest: TableColumn<Consumption>[] = [
    { title: 'State', field: 'state', render: row => <StateCell row={row} /> },
    {
      title: 'Input port',
      field: 'declared',
      headerStyle: { whiteSpace: 'nowrap' },
      cellStyle: { whiteSpace: 'nowrap' },
      render: row =>
        row.declared ? (
          <Chip size="small" label="declared" />
        ) : (
          <Chip size="small" variant="outlined" label="not declared" />
        ),
    },
    {
      title: 'Purpose',
      field: 'purpose',
      cellStyle: { minWidth: '10em' },
      render: row => row.purpose ?? '—',
    },
    ...(renderAction
      ? [
          {
            title: '',
            field: 'request',
            sorting: false,
            cellStyle: { whiteSpace: 'nowrap' as const },
            render: (row: Consumption) => renderAction(row),
          },
        ]
      : []),
  ];
  if (show === 'inputs') return [dataset, ...rest];
  return showDataset ? [consumer, dataset, ...rest] : [consumer, ...rest];
}

/**
 * Who consumes a Dataset (or a product's datasets), or what a product
 * consumes: declared input ports, requests, grants and undeclared reads, as
 * the server's one consumption model says.
 */
export const ConsumersCard = (props: ConsumersCardProps) => {
  const {
    entityRef,
    show = 'consumers',
    refreshKey,
    showDataset = false,
    renderAction,
  } = props;
  const api = useApi(lineageApiRef);
  const { value, loading, error } = useAsync(
    () => api.getConsumption(entityRef),
    [api, entityRef, refreshKey],
  );
  const rows = (show === 'inputs' ? value?.inputs : value?.consumers) ?? [];
  const title = props.title ?? (show === 'inputs' ? 'Inputs' : 'Consumers');
  return (
    <InfoCard
      title={title}
      subheader={
        props.subheader ??
        (value && show === 'consumers' ? summarizeConsumers(rows) : undefined)
      }
    >
      {loading && !value && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && rows.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          {show === 'inputs'
            ? 'This product declares no input port and holds no access.'
            : 'No data product declares, requests, holds or reads it.'}
        </Typography>
      )}
      {rows.length > 0 && (
        <TableFrame>
          <Table<Consumption>
            options={{
              paging: rows.length > 10,
              pageSize: 10,
              search: false,
              toolbar: false,
              padding: 'dense',
            }}
            columns={columnsFor(show, showDataset, renderAction)}
            data={rows}
          />
        </TableFrame>
      )}
    </InfoCard>
  );
};

/** The consumers as a compact list (the Dataset overview). */
export const ConsumersList = (props: { entityRef: string }) => {
  const api = useApi(lineageApiRef);
  const { value, error } = useAsync(
    () => api.getConsumption(props.entityRef),
    [api, props.entityRef],
  );
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return <Progress />;
  if (value.consumers.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No data product consumes this dataset yet.
      </Typography>
    );
  }
  return (
    <Box component="ul" m={0} pl={2} aria-label="Consumers">
      {value.consumers.map(c => (
        <li key={`${c.consumer}|${c.dataset}`}>
          <Typography variant="body2" component="span">
            <EntityRefLink entityRef={c.consumer} title={c.consumerTitle} />
            {' — '}
            {describeConsumption(c).state}
            {describeConsumption(c).warning &&
              ` (${describeConsumption(c).warning?.toLocaleLowerCase(
                'en-US',
              )})`}
          </Typography>
        </li>
      ))}
    </Box>
  );
};
