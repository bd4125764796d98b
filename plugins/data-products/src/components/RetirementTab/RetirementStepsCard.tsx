import { Box, Typography } from '@material-ui/core';
import {
  InfoCard,
  Link,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import type {
  RetirementStep,
  RetirementStepStatus,
} from '@meshport/plugin-data-products-common';
import {
  STEP_LABELS,
  STEP_STATUS_LABELS,
  entityPath,
  formatTime,
  stepRun,
} from './presentation';

const StepStatus = (props: { status: RetirementStepStatus }) => {
  const label = STEP_STATUS_LABELS[props.status];
  switch (props.status) {
    case 'succeeded':
      return <StatusOK>{label}</StatusOK>;
    case 'failed':
      return <StatusError>{label}</StatusError>;
    case 'running':
    case 'waiting':
      return <StatusRunning>{label}</StatusRunning>;
    case 'pending':
    default:
      return <StatusPending>{label}</StatusPending>;
  }
};

/** The ordered steps with their live status, what each did and why one failed. */
export const RetirementStepsCard = (props: {
  steps: RetirementStep[];
  cancelled?: boolean;
  /** The retiring product: a step's provisioning run is linked on its Provisioning tab. */
  entityRef: string;
}) => {
  const { steps, cancelled, entityRef } = props;
  return (
    <InfoCard
      title="Retirement steps"
      subheader="They run in this order at the sunset, or when you retire now. Each step is recorded and resumes after an interruption."
    >
      <Box component="ol" m={0} pl={3} aria-label="Retirement steps">
        {steps.map(step => (
          <Box
            component="li"
            key={step.name}
            mb={2}
            aria-label={STEP_LABELS[step.name]}
          >
            <Box
              display="flex"
              alignItems="center"
              gridGap={16}
              flexWrap="wrap"
            >
              <Typography variant="subtitle2" style={{ minWidth: 280 }}>
                {STEP_LABELS[step.name]}
              </Typography>
              {cancelled && step.status === 'pending' ? (
                <StatusAborted>Not run</StatusAborted>
              ) : (
                <StepStatus status={step.status} />
              )}
              {step.attempts > 1 && (
                <Typography variant="caption" color="textSecondary">
                  attempt {step.attempts}
                </Typography>
              )}
              {step.finishedAt && (
                <Typography variant="caption" color="textSecondary">
                  {formatTime(step.finishedAt)}
                </Typography>
              )}
            </Box>
            {step.summary && (
              <Typography variant="body2" color="textSecondary">
                {step.summary}
              </Typography>
            )}
            {stepRun(step.result) && (
              <Typography variant="body2" color="textSecondary">
                <Link to={`${entityPath(entityRef)}/provisioning`}>
                  The provisioning run of{' '}
                  {formatTime(stepRun(step.result)!.runCreatedAt)}
                </Link>{' '}
                is on the Provisioning tab.
              </Typography>
            )}
            {step.error && (
              <Typography variant="body2" color="error">
                {step.error}
                {step.nextAttemptAt
                  ? ` (next attempt ${formatTime(step.nextAttemptAt)})`
                  : ''}
              </Typography>
            )}
          </Box>
        ))}
      </Box>
    </InfoCard>
  );
};
