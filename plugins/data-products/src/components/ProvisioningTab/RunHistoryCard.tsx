import { Fragment, useState } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import { Alert } from '@material-ui/lab';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { dataProductsApiRef } from '@meshport/plugin-data-products-react';
import type {
  ListProvisioningRunsResponse,
  ProductChangeCounts,
  ProvisioningRun,
} from '@meshport/plugin-data-products-common';
import useAsync from 'react-use/esm/useAsync';
import { ProvisioningStatusChip } from './ProvisioningStatusChip';
import {
  OPERATION_ACTION_LABELS,
  RUN_MODE_LABELS,
  RUN_TRIGGER_LABELS,
  describeRunDuration,
  describeRunProductChanges,
  formatTimestamp,
  resourceTypeLabel,
} from './presentation';
import { TableFrame } from '../shared';

const COLUMNS = 8;

const useStyles = makeStyles(theme => ({
  runRow: {
    cursor: 'pointer',
  },
  operations: {
    backgroundColor: theme.palette.background.default,
  },
}));

/** The operations of one run, with their outcome, loaded when opened. */
const RunOperations = (props: { run: ProvisioningRun; started: string }) => {
  const { run } = props;
  const api = useApi(dataProductsApiRef);
  // The status is a dependency so an open run refreshes when it finishes.
  const { value, loading, error } = useAsync(
    () => api.getProvisioningRun(run.id),
    [api, run.id, run.status],
  );

  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  return (
    <Box py={1}>
      {value.error && (
        <Box mb={1}>
          <Alert severity="error">{value.error}</Alert>
        </Box>
      )}
      {value.operations.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No operations for this product in this run.
        </Typography>
      ) : (
        <TableFrame>
          <Table
            size="small"
            aria-label={`Operations of the run started ${props.started}`}
          >
            <TableHead>
              <TableRow>
                <TableCell>#</TableCell>
                <TableCell>Action</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell>Resource type</TableCell>
                <TableCell>Resource</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Error</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.operations.map(operation => (
                <TableRow key={operation.id}>
                  <TableCell>{operation.seq}</TableCell>
                  <TableCell>
                    {OPERATION_ACTION_LABELS[operation.action] ??
                      operation.action}
                  </TableCell>
                  <TableCell>{operation.environment}</TableCell>
                  <TableCell>
                    {resourceTypeLabel(operation.resourceType)}
                  </TableCell>
                  <TableCell>
                    <code>{operation.resource}</code>
                  </TableCell>
                  <TableCell>
                    <ProvisioningStatusChip status={operation.status} />
                  </TableCell>
                  <TableCell>{operation.error}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableFrame>
      )}
    </Box>
  );
};

const RunRow = (props: {
  run: ProvisioningRun;
  /** This product's part of the run; undefined while loading. */
  counts?: ProductChangeCounts;
  open: boolean;
  onToggle: () => void;
}) => {
  const { run, counts, open, onToggle } = props;
  const classes = useStyles();
  const started = formatTimestamp(run.startedAt ?? run.createdAt);
  const label = `${
    open ? 'Hide' : 'Show'
  } the operations of the run started ${started}`;
  return (
    <Fragment>
      <TableRow hover className={classes.runRow} onClick={onToggle}>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={label}
            aria-expanded={open}
            onClick={event => {
              event.stopPropagation();
              onToggle();
            }}
          >
            {open ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
          </IconButton>
        </TableCell>
        <TableCell>{started}</TableCell>
        <TableCell>{RUN_TRIGGER_LABELS[run.trigger] ?? run.trigger}</TableCell>
        <TableCell>{RUN_MODE_LABELS[run.mode] ?? run.mode}</TableCell>
        <TableCell>
          <ProvisioningStatusChip status={run.status} />
        </TableCell>
        <TableCell>{describeRunDuration(run)}</TableCell>
        <TableCell>{describeRunProductChanges(run, counts)}</TableCell>
        <TableCell>
          {run.requestedBy && <EntityRefLink entityRef={run.requestedBy} />}
        </TableCell>
      </TableRow>
      {open && (
        <TableRow className={classes.operations}>
          <TableCell colSpan={COLUMNS}>
            <RunOperations run={run} started={started} />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
};

/** Props of {@link RunHistoryCard}. */
export interface RunHistoryCardProps {
  runs: ListProvisioningRunsResponse | undefined;
  loading: boolean;
  error?: Error;
  /** What each listed run changed for this product, by run id (absent while loading). */
  productChanges?: ReadonlyMap<string, ProductChangeCounts>;
  /** Asks for more runs; shown while there are more than listed. */
  onShowMore: () => void;
}

/** The runs that covered the product, newest first; a row opens its operations. */
export const RunHistoryCard = (props: RunHistoryCardProps) => {
  const { runs, loading, error, productChanges, onShowMore } = props;
  const [openRunId, setOpenRunId] = useState<string>();

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!runs) {
    content = loading ? <Progress /> : null;
  } else if (runs.items.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No runs yet. The reconciler runs on a schedule and after every change;
        use "Reconcile now" to run it for this product at once.
      </Typography>
    );
  } else {
    content = (
      <>
        <TableFrame>
          <Table size="small" aria-label="Run history">
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox" />
                <TableCell>Started</TableCell>
                <TableCell>Trigger</TableCell>
                <TableCell>Mode</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Duration</TableCell>
                <TableCell>Changes to this product</TableCell>
                <TableCell>Requested by</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.items.map(run => (
                <RunRow
                  key={run.id}
                  run={run}
                  counts={productChanges?.get(run.id)}
                  open={openRunId === run.id}
                  onToggle={() =>
                    setOpenRunId(current =>
                      current === run.id ? undefined : run.id,
                    )
                  }
                />
              ))}
            </TableBody>
          </Table>
        </TableFrame>
        {runs.totalCount > runs.items.length && (
          <Box mt={1} display="flex" alignItems="center" gridGap={8}>
            <Typography variant="body2" color="textSecondary">
              Showing {runs.items.length} of {runs.totalCount} runs.
            </Typography>
            <Button size="small" onClick={onShowMore} disabled={loading}>
              Show more
            </Button>
          </Box>
        )}
      </>
    );
  }

  return <InfoCard title="Run history">{content}</InfoCard>;
};
