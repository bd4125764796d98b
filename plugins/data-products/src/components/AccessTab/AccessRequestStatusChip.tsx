import { Chip, Tooltip, makeStyles } from '@material-ui/core';
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import { describeAccessStatus } from './presentation';

const useStyles = makeStyles(theme => {
  const filled = (color: string) => ({
    backgroundColor: color,
    color: theme.palette.getContrastText(color),
  });
  return {
    ok: filled(theme.palette.status.ok),
    pending: filled(theme.palette.status.pending),
    running: filled(theme.palette.status.running),
    warning: filled(theme.palette.status.warning),
    error: filled(theme.palette.status.error),
    aborted: filled(theme.palette.status.aborted),
  };
});

/**
 * The status of an access request as a person reads it: `pending`,
 * `approved, planned` (plan mode), `granted`, `denied`, … with a tooltip
 * saying what it means.
 *
 * @public
 */
export const AccessRequestStatusChip = (props: {
  request: Pick<AccessRequest, 'status' | 'provisioning'>;
}) => {
  const classes = useStyles();
  const { label, tone, explanation } = describeAccessStatus(props.request);
  return (
    <Tooltip title={explanation}>
      <Chip size="small" label={label} className={classes[tone]} />
    </Tooltip>
  );
};
