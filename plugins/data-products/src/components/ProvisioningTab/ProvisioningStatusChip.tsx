import { Chip, makeStyles } from '@material-ui/core';
import type {
  ProvisioningOperationStatus,
  ProvisioningRunStatus,
} from '@meshport/plugin-data-products-common';

type Status = ProvisioningRunStatus | ProvisioningOperationStatus;

const useStyles = makeStyles(theme => {
  const filled = (color: string) => ({
    backgroundColor: color,
    color: theme.palette.getContrastText(color),
  });
  return {
    succeeded: filled(theme.palette.status.ok),
    failed: filled(theme.palette.status.error),
    partial: filled(theme.palette.status.warning),
    running: filled(theme.palette.status.running),
    queued: filled(theme.palette.status.pending),
    pending: filled(theme.palette.status.pending),
    skipped: filled(theme.palette.status.aborted),
    // Recorded in plan mode: neither good nor bad, just not applied.
    planned: {},
  };
});

/** The status of a run or an operation, coloured like Backstage statuses. */
export const ProvisioningStatusChip = (props: { status: Status }) => {
  const { status } = props;
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={status}
      variant={status === 'planned' ? 'outlined' : 'default'}
      className={classes[status]}
    />
  );
};
