import { Chip, Tooltip, makeStyles } from '@material-ui/core';
import type { AccessLevel } from '@meshport/plugin-data-products-common';
import { ACCESS_LEVEL_EXPLANATIONS } from '../../lib/presentation';

const useStyles = makeStyles(theme => ({
  unrestricted: {
    backgroundColor: theme.palette.status.ok,
    color: theme.palette.common.white,
  },
  restricted: {
    backgroundColor: theme.palette.status.warning,
    color: theme.palette.common.black,
  },
  private: {
    backgroundColor: theme.palette.status.error,
    color: theme.palette.common.white,
  },
}));

/**
 * A dataset's access level as a coloured chip; hovering it explains what the
 * level means for someone who wants to read the data.
 */
export const AccessLevelChip = (props: { access?: AccessLevel | string }) => {
  const { access } = props;
  const classes = useStyles();
  if (!access) {
    return null;
  }
  const known = access in ACCESS_LEVEL_EXPLANATIONS;
  const explanation = known
    ? ACCESS_LEVEL_EXPLANATIONS[access as AccessLevel]
    : 'Unknown access level.';
  return (
    <Tooltip title={explanation}>
      <Chip
        size="small"
        label={access}
        className={known ? classes[access as AccessLevel] : undefined}
      />
    </Tooltip>
  );
};
