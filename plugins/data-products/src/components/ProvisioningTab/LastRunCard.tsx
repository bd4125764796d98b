import { Box, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard } from '@backstage/core-components';
import type { ProvisioningRun } from '@meshport/plugin-data-products-common';
import { OverviewField } from '../shared';
import { ProvisioningStatusChip } from './ProvisioningStatusChip';
import {
  RUN_MODE_LABELS,
  RUN_TRIGGER_LABELS,
  describeRunDuration,
  describeRunProductChanges,
  formatTimestamp,
} from './presentation';

/** The latest run that covered the product, whole-mesh or targeted. */
export const LastRunCard = (props: {
  run: ProvisioningRun | undefined;
  /** This product's changes in that run; undefined when it changed nothing of it. */
  changes?: { create: number; update: number; delete: number; failed: number };
}) => {
  const { run, changes } = props;
  return (
    <InfoCard title="Last run">
      {run ? (
        <>
          <Grid container spacing={2}>
            <OverviewField label="Status" gridSizes={{ md: 4 }}>
              <ProvisioningStatusChip status={run.status} />
            </OverviewField>
            <OverviewField label="Trigger" gridSizes={{ md: 4 }}>
              {RUN_TRIGGER_LABELS[run.trigger] ?? run.trigger}
            </OverviewField>
            <OverviewField label="Mode" gridSizes={{ md: 4 }}>
              {RUN_MODE_LABELS[run.mode] ?? run.mode}
            </OverviewField>
            <OverviewField label="Started" gridSizes={{ md: 4 }}>
              {formatTimestamp(run.startedAt)}
            </OverviewField>
            <OverviewField label="Duration" gridSizes={{ md: 4 }}>
              {describeRunDuration(run)}
            </OverviewField>
            <OverviewField
              label="Changes to this product"
              gridSizes={{ md: 4 }}
            >
              {describeRunProductChanges(
                run,
                changes ?? { create: 0, update: 0, delete: 0, failed: 0 },
              )}
            </OverviewField>
          </Grid>
          {run.error && (
            <Box mt={2}>
              <Alert severity="error">{run.error}</Alert>
            </Box>
          )}
        </>
      ) : (
        <Typography variant="body2" color="textSecondary">
          This product has not been reconciled yet.
        </Typography>
      )}
    </InfoCard>
  );
};
