import { useEffect, useRef, useState } from 'react';
import { Box, Button, Chip, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { dataProductsProvisioningRunPermission } from '@meshport/plugin-data-products-common';
import {
  dataProductsApiRef,
  isNotAllowedError,
} from '@meshport/plugin-data-products-react';
import type {
  DataProductProvisionerPlan,
  ProvisioningMode,
  ProvisioningRun,
} from '@meshport/plugin-data-products-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useAsync from 'react-use/esm/useAsync';
import useInterval from 'react-use/esm/useInterval';
import useMountedState from 'react-use/esm/useMountedState';
import { AwsEnvironmentCard } from './AwsEnvironmentCard';
import { groupAwsResourcesByEnvironment } from './awsResources';
import { LastRunCard } from './LastRunCard';
import { ProductChangesCard } from './ProductChangesCard';
import { PendingChangesCard } from './PendingChangesCard';
import { ProvisioningProblems } from './ProvisioningProblems';
import { ProvisioningStatusChip } from './ProvisioningStatusChip';
import { RunHistoryCard } from './RunHistoryCard';
import {
  PROVISIONING_MODE_EXPLANATIONS,
  collectPendingOperations,
  collectProblems,
  isRunActive,
  prettyJson,
} from './presentation';

/** Id of the provisioner whose resources this tab knows how to lay out. */
const AWS_PROVISIONER_ID = 'aws';
const RUNS_PER_PAGE = 10;
/** The backend's maximum page size. */
const MAX_RUNS = 100;

type ReconcileState =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'queued'; run: ProvisioningRun }
  | { status: 'not-allowed'; message: string }
  | { status: 'failed'; error: Error };

/** The server's own message of a ResponseError, or the error's message. */
function messageOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message
    ? cause.message
    : error.message;
}

const ReconcileHeader = (props: {
  mode: ProvisioningMode;
  state: ReconcileState;
  /** The queued run as the latest run list knows it (its status moves on). */
  currentRun?: ProvisioningRun;
  onReconcile: () => void;
  /** What the permission framework says of reconciling this product. */
  canRun: { loading: boolean; allowed: boolean };
}) => {
  const { mode, state, currentRun, onReconcile, canRun } = props;
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <Box display="flex" alignItems="center" gridGap={16} flexWrap="wrap">
        <Chip label={`${mode} mode`} size="small" variant="outlined" />
        <Typography variant="body1" style={{ flexGrow: 1 }}>
          {PROVISIONING_MODE_EXPLANATIONS[mode]}
        </Typography>
        {canRun.allowed && (
          <Button
            variant="contained"
            color="primary"
            onClick={onReconcile}
            disabled={state.status === 'pending'}
          >
            Reconcile now
          </Button>
        )}
      </Box>
      {!canRun.loading && !canRun.allowed && (
        <Typography variant="body2" color="textSecondary">
          Only the product's owners (and platform admins) can reconcile it now;
          the reconciler also runs on its schedule and after every change.
        </Typography>
      )}
      {state.status === 'queued' && (
        <Alert severity="info">
          <Box display="flex" alignItems="center" gridGap={8}>
            <span>A run for this product:</span>
            <ProvisioningStatusChip status={(currentRun ?? state.run).status} />
          </Box>
        </Alert>
      )}
      {state.status === 'not-allowed' && (
        <Alert severity="warning">{state.message}</Alert>
      )}
      {state.status === 'failed' && (
        <Alert severity="error">
          Could not queue a run: {messageOf(state.error)}
        </Alert>
      )}
    </Box>
  );
};

/** A provisioner this tab has no layout for: its resources as JSON. */
const OtherProvisionerCard = (props: {
  provisioner: DataProductProvisionerPlan;
}) => (
  <InfoCard title={`Resources planned by ${props.provisioner.id}`}>
    <CodeSnippet
      text={prettyJson(props.provisioner.resources)}
      language="json"
      showCopyCodeButton
    />
  </InfoCard>
);

const AwsResources = (props: {
  provisioner: DataProductProvisionerPlan;
  entityRef: string;
  productTitle: string;
}) => {
  const { provisioner, entityRef } = props;
  const environments = groupAwsResourcesByEnvironment({
    resources: provisioner.resources,
    filtered: provisioner.filtered,
    entityRef,
  });
  if (environments.length === 0) {
    return (
      <Grid item xs={12}>
        <EmptyState
          missing="data"
          title="No AWS resources for this product"
          description="Meshport plans roles, Glue databases, an Athena workgroup and S3 prefixes in every environment the product lists in spec.environments (all configured environments when it lists none). Check that the product is valid and that the environments exist in meshport.environments."
        />
      </Grid>
    );
  }
  return (
    <>
      {environments.map(resources => (
        <Grid item xs={12} key={resources.environment}>
          <AwsEnvironmentCard
            resources={resources}
            productTitle={props.productTitle}
          />
        </Grid>
      ))}
    </>
  );
};

/** Props of {@link EntityProvisioningContent}. */
export interface EntityProvisioningContentProps {
  /** How often to refresh the runs while the newest one is unfinished. */
  pollIntervalMs?: number;
}

/**
 * The Provisioning tab of a DataProduct: what Meshport plans in the cloud for
 * the product, what the next run changes, and the runs so far.
 */
export const EntityProvisioningContent = (
  props: EntityProvisioningContentProps,
) => {
  const { pollIntervalMs = 3000 } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const canRun = usePermission({
    permission: dataProductsProvisioningRunPermission,
    resourceRef: entityRef,
  });
  const api = useApi(dataProductsApiRef);
  const isMounted = useMountedState();

  const plan = useAsyncRetry(
    () => api.getProvisioningPlan(entityRef),
    [api, entityRef],
  );
  const changes = useAsyncRetry(
    () => api.getProductProvisioningChanges(entityRef),
    [api, entityRef],
  );
  const [runLimit, setRunLimit] = useState(RUNS_PER_PAGE);
  const runs = useAsyncRetry(
    () => api.listProvisioningRuns({ entityRef, limit: runLimit }),
    [api, entityRef, runLimit],
  );
  // What each listed run changed for this product (not the mesh): read again when a run's status changes.
  const runKey = (runs.value?.items ?? [])
    .map(run => `${run.id}:${run.status}`)
    .join(',');
  const runChanges = useAsync(async () => {
    const ids = runKey ? runKey.split(',').map(key => key.split(':')[0]) : [];
    if (ids.length === 0) return undefined;
    const { runs: counted } = await api.getProductRunChanges(entityRef, ids);
    return new Map(counted.map(run => [run.runId, run.counts]));
  }, [api, entityRef, runKey]);
  const [reconcile, setReconcile] = useState<ReconcileState>({
    status: 'idle',
  });

  const newestRun = runs.value?.items[0];
  const isPolling = Boolean(newestRun && isRunActive(newestRun));
  useInterval(runs.retry, isPolling ? pollIntervalMs : null);

  // A run that just finished changed the last run and the pending changes.
  const wasPolling = useRef(false);
  const { retry: retryPlan } = plan;
  const { retry: retryChanges } = changes;
  useEffect(() => {
    if (wasPolling.current && !isPolling) {
      retryPlan();
      retryChanges();
    }
    wasPolling.current = isPolling;
  }, [isPolling, retryPlan, retryChanges]);

  const startReconcile = async () => {
    setReconcile({ status: 'pending' });
    try {
      const { run } = await api.triggerProvisioningRun({ entityRef });
      if (!isMounted()) return;
      setReconcile({ status: 'queued', run });
      runs.retry();
    } catch (error) {
      if (!isMounted()) return;
      setReconcile(
        isNotAllowedError(error)
          ? { status: 'not-allowed', message: messageOf(error as Error) }
          : { status: 'failed', error: error as Error },
      );
    }
  };

  if (plan.loading && !plan.value) {
    return <Progress />;
  }
  if (plan.error && !plan.value) {
    return <ResponseErrorPanel error={plan.error} />;
  }
  if (!plan.value) {
    return null;
  }

  const { mode, provisioners, lastRun } = plan.value;
  const problems = collectProblems(plan.value);
  const pending = collectPendingOperations(plan.value);
  const queuedRunId =
    reconcile.status === 'queued' ? reconcile.run.id : undefined;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ReconcileHeader
          mode={mode}
          state={reconcile}
          currentRun={runs.value?.items.find(run => run.id === queuedRunId)}
          onReconcile={startReconcile}
          canRun={canRun}
        />
      </Grid>
      {problems.length > 0 && (
        <Grid item xs={12}>
          <ProvisioningProblems problems={problems} />
        </Grid>
      )}
      <Grid item md={6} xs={12}>
        <LastRunCard
          run={lastRun}
          changes={
            changes.value?.run && changes.value.run.id === lastRun?.id
              ? changes.value.counts
              : undefined
          }
        />
      </Grid>
      {/* a list of changes needs the page's width; "in sync" sits beside the last run */}
      <Grid item md={pending?.length ? 12 : 6} xs={12}>
        <PendingChangesCard operations={pending} />
      </Grid>
      <Grid item xs={12}>
        <ProductChangesCard
          value={changes.value}
          loading={changes.loading}
          error={changes.error}
        />
      </Grid>
      {provisioners.length === 0 && (
        <Grid item xs={12}>
          <EmptyState
            missing="info"
            title="No provisioners installed"
            description="The Meshport backend has no platform provisioner, so nothing is created for this product. Add @meshport/plugin-data-products-backend-module-aws to the backend."
          />
        </Grid>
      )}
      {provisioners.map(provisioner =>
        provisioner.id === AWS_PROVISIONER_ID ? (
          <AwsResources
            key={provisioner.id}
            provisioner={provisioner}
            entityRef={entityRef}
            productTitle={entity.metadata.title ?? entity.metadata.name}
          />
        ) : (
          <Grid item xs={12} key={provisioner.id}>
            <OtherProvisionerCard provisioner={provisioner} />
          </Grid>
        ),
      )}
      <Grid item xs={12}>
        <RunHistoryCard
          runs={runs.value}
          loading={runs.loading}
          error={runs.error}
          productChanges={runChanges.value}
          onShowMore={() =>
            setRunLimit(limit => Math.min(limit + RUNS_PER_PAGE, MAX_RUNS))
          }
        />
      </Grid>
    </Grid>
  );
};
