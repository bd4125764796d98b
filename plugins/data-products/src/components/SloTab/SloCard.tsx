import { Box, LinearProgress, Typography, makeStyles } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard } from '@backstage/core-components';
import type {
  SloReport,
  SloStatus,
} from '@meshport/plugin-data-products-common';
import { describeDuration } from '../../lib/presentation';
import { SloChart } from './SloChart';
import { SloStatusIndicator } from './SloStatusIndicator';
import {
  SLO_KIND_LABELS,
  describeGoodEvents,
  errorBudgetBarValue,
  explainErrorBudget,
  formatErrorBudget,
  formatSli,
  formatTarget,
  formatTimestamp,
} from './presentation';

const useStyles = makeStyles(theme => ({
  figures: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(2),
  },
  budgetBar: {
    height: 8,
    borderRadius: 4,
  },
  budgetTrack: {
    backgroundColor: theme.palette.action.selected,
  },
  met: { backgroundColor: theme.palette.status.ok },
  'at-risk': { backgroundColor: theme.palette.status.warning },
  breached: { backgroundColor: theme.palette.status.error },
  'no-data': { backgroundColor: theme.palette.status.aborted },
}));

const BudgetBar = (props: {
  slo: SloReport;
  classes: ReturnType<typeof useStyles>;
}) => {
  const { slo, classes } = props;
  const name = SLO_KIND_LABELS[slo.kind];
  const label = formatErrorBudget(slo.errorBudgetRemaining);
  return (
    <Box>
      <Box display="flex" justifyContent="space-between">
        <Typography variant="body2">Error budget</Typography>
        <Typography variant="body2" color="textSecondary">
          {label}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={errorBudgetBarValue(slo.errorBudgetRemaining)}
        aria-label={`${name} error budget remaining`}
        aria-valuetext={label}
        className={classes.budgetBar}
        classes={{
          colorPrimary: classes.budgetTrack,
          bar: classes[slo.status as SloStatus],
        }}
      />
    </Box>
  );
};

/**
 * One SLO of a dataset: current SLI against target, status, error budget,
 * burn rate, the window as a chart and an open breach if there is one.
 */
export const SloCard = (props: { slo: SloReport }) => {
  const { slo } = props;
  const classes = useStyles();
  const name = SLO_KIND_LABELS[slo.kind];

  return (
    <InfoCard title={name} subheader={slo.objective} noPadding={false}>
      <Box
        display="flex"
        flexDirection="column"
        gridGap={16}
        aria-label={`${name} SLO`}
        role="region"
      >
        <Box className={classes.figures}>
          <Typography variant="h4" component="p" aria-label={`${name} SLI`}>
            {formatSli(slo.sli)}
          </Typography>
          <Typography variant="body1" color="textSecondary">
            target {formatTarget(slo.target)} over{' '}
            {describeDuration(slo.window)}
          </Typography>
          <Box flexGrow={1} />
          <SloStatusIndicator status={slo.status} />
        </Box>
        <Typography variant="body2" color="textSecondary">
          {describeGoodEvents(slo)}
          {slo.lastMeasurementAt &&
            `; last measurement ${formatTimestamp(slo.lastMeasurementAt)}`}
        </Typography>

        {(slo.belowTargetSince || slo.openBreach) && (
          <Alert severity="error">
            Below target since{' '}
            {formatTimestamp(slo.belowTargetSince ?? slo.openBreach?.openedAt)}
            {slo.sli !== null && ` (the SLI is ${formatSli(slo.sli)} now)`}.
          </Alert>
        )}

        <BudgetBar slo={slo} classes={classes} />
        <Typography
          variant="body2"
          aria-label={`${name} error budget explained`}
        >
          {explainErrorBudget(slo)}
        </Typography>

        {slo.total === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No measurements in the window yet, so there is nothing to chart.
          </Typography>
        ) : (
          <SloChart slo={slo} />
        )}
      </Box>
    </InfoCard>
  );
};
