import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  List,
  ListItem,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  InfoCard,
  ResponseErrorPanel,
  Progress,
} from '@backstage/core-components';
import type {
  ProductProvisioningChange,
  ProductProvisioningChanges,
} from '@meshport/plugin-data-products-common';
import { ProvisioningStatusChip } from './ProvisioningStatusChip';
import {
  describeProductCounts,
  formatTimestamp,
  resourceTypeLabel,
} from './presentation';

const useStyles = makeStyles(theme => ({
  diff: {
    margin: 0,
    padding: theme.spacing(1),
    fontFamily: 'monospace',
    fontSize: 12,
    lineHeight: '18px',
    overflowX: 'auto',
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
  added: { background: 'rgba(46, 160, 67, 0.18)' },
  removed: { background: 'rgba(248, 81, 73, 0.18)' },
  same: { color: theme.palette.text.secondary },
  line: { display: 'block', whiteSpace: 'pre' },
}));

const ACTION_WORDS = {
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
};
const PLANNED_WORDS = {
  create: 'To create',
  update: 'To update',
  delete: 'To delete',
};
const SIGN = { added: '+ ', removed: '- ', same: '  ' };

const Diff = (props: { change: ProductProvisioningChange }) => {
  const classes = useStyles();
  const { diff = [] } = props.change;
  return (
    <Box
      component="pre"
      className={classes.diff}
      aria-label={`Diff of ${props.change.resource}`}
    >
      {diff.map((line, i) => (
        <span
          // Lines repeat (`}`): the position is their identity.
          // eslint-disable-next-line react/no-array-index-key
          key={i}
          className={`${classes.line} ${classes[line.kind]}`}
          data-kind={line.kind}
        >
          {SIGN[line.kind]}
          {line.text}
        </span>
      ))}
    </Box>
  );
};

const ChangeItem = (props: {
  change: ProductProvisioningChange;
  planned: boolean;
}) => {
  const { change, planned } = props;
  const [open, setOpen] = useState(false);
  const words = planned ? PLANNED_WORDS : ACTION_WORDS;
  return (
    <ListItem divider disableGutters data-testid="product-change">
      <Box width="100%">
        <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
          <Chip size="small" label={words[change.action]} />
          <Typography variant="body2">{change.description}</Typography>
          <Typography variant="caption" color="textSecondary">
            {resourceTypeLabel(change.resourceType)} in {change.environment}
          </Typography>
          <Box flexGrow={1} />
          <ProvisioningStatusChip status={change.status} />
          {change.diff && (
            <Button
              size="small"
              onClick={() => setOpen(o => !o)}
              aria-expanded={open}
            >
              {open ? 'Hide the diff' : 'Show the diff'}
            </Button>
          )}
        </Box>
        {change.error && (
          <Typography variant="body2" color="error">
            {change.error}
          </Typography>
        )}
        {open && change.previousUnknown && (
          <Typography variant="caption" color="textSecondary" component="p">
            No earlier run recorded this resource, so only its new state is
            shown.
          </Typography>
        )}
        {open && <Diff change={change} />}
      </Box>
    </ListItem>
  );
};

/**
 * What this product's latest run changed (or planned): its own created,
 * updated and deleted resources with a diff of each, never the mesh-wide
 * operation count of the run.
 */
export const ProductChangesCard = (props: {
  value?: ProductProvisioningChanges;
  loading: boolean;
  error?: Error;
}) => {
  const { value, loading, error } = props;
  const run = value?.run;
  const planned = run?.mode === 'plan';
  return (
    <InfoCard
      title="What the last run changed for this product"
      subheader={
        run
          ? `${planned ? 'Planned' : 'Applied'} by the run of ${formatTimestamp(
              run.startedAt ?? run.createdAt,
            )}: ${describeProductCounts(value!.counts).toLocaleLowerCase()}.`
          : undefined
      }
    >
      {loading && !value && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && !run && (
        <Typography variant="body2" color="textSecondary">
          No run has changed anything of this product yet.
        </Typography>
      )}
      {value && run && (
        <List dense disablePadding aria-label="Changes to this product">
          {value.changes.map(change => (
            <ChangeItem
              key={`${change.seq}`}
              change={change}
              planned={planned}
            />
          ))}
        </List>
      )}
    </InfoCard>
  );
};
