import { useState } from 'react';
import {
  Box,
  Grid,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityDisplayName, useEntity } from '@backstage/plugin-catalog-react';
import type {
  LineageDatasetNode,
  LineageEventType,
  LineageGraphResponse,
} from '@meshport/plugin-data-products-common';
import { lineageApiRef } from '@meshport/plugin-data-products-react';
import useAsync from 'react-use/esm/useAsync';
import { UsageChart } from './UsageChart';
import {
  columnRows,
  datasetLabel,
  entityPath,
  formatDateTime,
  jobDatasets,
  jobLabel,
  shortRef,
  splitBySide,
} from './presentation';
import { Breakable, TableFrame } from '../shared';

const SEND_EXAMPLE = `# dbt: pip install openlineage-dbt, then
OPENLINEAGE_URL=<portal>/api/data-products/lineage/ \\
OPENLINEAGE_API_KEY=<token> OPENLINEAGE_NAMESPACE=<data product name> \\
dbt-ol build`;

const RunState = ({ state }: { state: LineageEventType }) => {
  const label = state.charAt(0) + state.slice(1).toLocaleLowerCase('en-US');
  switch (state) {
    case 'COMPLETE':
      return <StatusOK>{label}</StatusOK>;
    case 'FAIL':
    case 'ABORT':
      return <StatusError>{label}</StatusError>;
    case 'START':
    case 'RUNNING':
      return <StatusRunning>{label}</StatusRunning>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
};

const DatasetName = ({ node }: { node: LineageDatasetNode }) =>
  node.datasetRef ? (
    <Link to={entityPath(node.datasetRef)}>{datasetLabel(node)}</Link>
  ) : (
    <span>
      {node.name}{' '}
      <Typography variant="caption" color="textSecondary">
        (not in the catalog)
      </Typography>
    </span>
  );

const DatasetTable = (props: {
  title: string;
  datasets: LineageDatasetNode[];
}) => (
  <InfoCard title={props.title} noPadding>
    {props.datasets.length === 0 ? (
      <Box p={2}>
        <Typography variant="body2" color="textSecondary">
          None seen.
        </Typography>
      </Box>
    ) : (
      <TableFrame>
        <Table size="small" aria-label={props.title}>
          <TableHead>
            <TableRow>
              <TableCell style={{ whiteSpace: 'nowrap' }}>Dataset</TableCell>
              <TableCell>Identifier</TableCell>
              <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
                Hops
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.datasets.map(node => (
              <TableRow key={node.id}>
                <TableCell>
                  <DatasetName node={node} />
                </TableCell>
                <TableCell>
                  {/* an ARN or a URL breaks after its separators, never inside a word */}
                  <Typography variant="caption">
                    <Breakable text={node.namespace} />{' '}
                    <Breakable text={node.name} />
                  </Typography>
                </TableCell>
                <TableCell align="right">{node.distance}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableFrame>
    )}
  </InfoCard>
);

const JobsCard = (props: {
  graph: LineageGraphResponse;
  action: JSX.Element;
}) => {
  const io = jobDatasets(props.graph);
  return (
    <InfoCard title="Jobs" action={props.action} noPadding>
      <TableFrame>
        <Table size="small" aria-label="Jobs">
          <TableHead>
            <TableRow>
              <TableCell>Job</TableCell>
              <TableCell>Data product</TableCell>
              <TableCell>Reads</TableCell>
              <TableCell>Writes</TableCell>
              <TableCell>Last run</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.graph.jobs.map(job => (
              <TableRow key={job.id}>
                <TableCell>{jobLabel(job)}</TableCell>
                <TableCell>
                  {job.dataProduct ? (
                    <Link to={entityPath(job.dataProduct)}>
                      {job.dataProductTitle ?? shortRef(job.dataProduct)}
                    </Link>
                  ) : (
                    'Not matched'
                  )}
                </TableCell>
                {(['inputs', 'outputs'] as const).map(side => (
                  <TableCell key={side}>
                    {io.get(job.id)?.[side].map(node => (
                      <div key={node.id}>
                        <DatasetName node={node} />
                      </div>
                    ))}
                  </TableCell>
                ))}
                <TableCell>
                  {job.lastRun ? (
                    <>
                      <RunState state={job.lastRun.state} />
                      <Typography variant="caption" display="block">
                        {formatDateTime(job.lastRun.at)}
                      </Typography>
                    </>
                  ) : (
                    'Unknown'
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableFrame>
    </InfoCard>
  );
};

const ColumnLineageCard = ({ graph }: { graph: LineageGraphResponse }) => {
  const rows = columnRows(graph);
  if (rows.length === 0) return null;
  return (
    <InfoCard title="Column lineage" noPadding>
      <TableFrame>
        <Table size="small" aria-label="Column lineage">
          <TableHead>
            <TableRow>
              <TableCell>Column</TableCell>
              <TableCell>Comes from</TableCell>
              <TableCell>Transformation</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <TableRow key={row.key}>
                <TableCell>
                  {row.output ? datasetLabel(row.output) : ''}.{row.field}
                </TableCell>
                <TableCell>
                  {row.input ? datasetLabel(row.input) : ''}.{row.inputField}
                </TableCell>
                <TableCell>{row.transformation ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableFrame>
    </InfoCard>
  );
};

/** Props of {@link EntityLineageContent}. */
export interface EntityLineageContentProps {
  /** Hops shown at first (1 to 5, default 3). */
  defaultDepth?: number;
}

/**
 * The Lineage tab of a Dataset or DataProduct: the jobs that read and write
 * its datasets (from OpenLineage events), upstream and downstream over N
 * hops, column lineage, undeclared consumption and reads per consumer per day.
 */
export const EntityLineageContent = (props: EntityLineageContentProps) => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(lineageApiRef);
  const [depth, setDepth] = useState(props.defaultDepth ?? 3);
  const graph = useAsync(
    () => api.getLineage(entityRef, depth),
    [api, entityRef, depth],
  );
  const usage = useAsync(() => api.getUsage(entityRef, 30), [api, entityRef]);

  if (graph.loading && !graph.value) return <Progress />;
  if (graph.error) return <ResponseErrorPanel error={graph.error} />;
  if (!graph.value) return null;
  const value = graph.value;

  if (value.jobs.length === 0 && value.datasets.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No lineage yet"
        description="No OpenLineage event has named this entity's datasets. Point your pipelines' OpenLineage integration (dbt, Airflow, Spark) at the portal; their runs then show here."
        action={<CodeSnippet text={SEND_EXAMPLE} language="bash" />}
      />
    );
  }

  const sides = splitBySide(value);
  const depthPicker = (
    <TextField
      select
      size="small"
      label="Hops"
      value={depth}
      onChange={e => setDepth(Number(e.target.value))}
      inputProps={{ 'aria-label': 'Hops' }}
    >
      {[1, 2, 3, 4, 5].map(n => (
        <MenuItem key={n} value={n}>
          {n}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <Grid container spacing={3}>
      {value.undeclared.length > 0 && (
        <Grid item xs={12}>
          <Alert
            severity="warning"
            role="alert"
            aria-label="Undeclared consumption"
          >
            <AlertTitle>Undeclared consumption</AlertTitle>
            {value.undeclared.map(u => (
              <Typography key={`${u.datasetRef}|${u.consumer}`} variant="body2">
                <Link to={entityPath(u.consumer)}>
                  {u.consumerTitle ?? shortRef(u.consumer)}
                </Link>{' '}
                reads{' '}
                <EntityDisplayName
                  entityRef={u.datasetRef}
                  hideIcon
                  disableTooltip
                />{' '}
                (job {u.job}) without an input port or an access grant, since{' '}
                {formatDateTime(u.firstSeen)}
                {u.notifiedAt
                  ? `; the owner was told on ${formatDateTime(u.notifiedAt)}.`
                  : '.'}
              </Typography>
            ))}
          </Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        <JobsCard graph={value} action={depthPicker} />
      </Grid>
      <Grid item xs={12} md={6}>
        <DatasetTable title="Upstream datasets" datasets={sides.upstream} />
      </Grid>
      <Grid item xs={12} md={6}>
        <DatasetTable title="Downstream datasets" datasets={sides.downstream} />
      </Grid>
      {value.truncated && (
        <Grid item xs={12}>
          <Typography variant="body2" color="textSecondary">
            Lineage goes on beyond {depth} hops; choose more hops to see it.
          </Typography>
        </Grid>
      )}
      <Grid item xs={12}>
        <ColumnLineageCard graph={value} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Reads per consumer per day">
          {usage.error && <ResponseErrorPanel error={usage.error} />}
          {usage.value && (
            <>
              <Typography variant="body2" gutterBottom>
                {usage.value.lastRead
                  ? `Last read ${formatDateTime(usage.value.lastRead)}; ${
                      usage.value.readersLast30Days.length
                    } reader${
                      usage.value.readersLast30Days.length === 1 ? '' : 's'
                    } in the last 30 days.`
                  : 'No reads in the last 30 days.'}
              </Typography>
              <UsageChart usage={usage.value} />
            </>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
};
