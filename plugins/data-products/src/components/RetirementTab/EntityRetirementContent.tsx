import { ReactNode, useState } from 'react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Grid,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityDisplayName, useEntity } from '@backstage/plugin-catalog-react';
import { retirementApiRef } from '@meshport/plugin-data-products-react';
import type {
  DataProductRetirementResponse,
  Retirement,
} from '@meshport/plugin-data-products-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { RetirementStepsCard } from './RetirementStepsCard';
import { RetirementUsageCard } from './RetirementUsageCard';
import { StartRetirementDialog } from './StartRetirementDialog';
import {
  STATUS_LABELS,
  daysUntil,
  formatDay,
  formatTime,
  isMoving,
  messageOf,
} from './presentation';

/** A person or group by the name the catalog gives them, never their ref. */
const Who = (props: { entityRef?: string }) =>
  props.entityRef ? (
    <EntityDisplayName entityRef={props.entityRef} hideIcon disableTooltip />
  ) : (
    <>someone</>
  );

type Dialogs = 'start' | 'confirm' | 'cancel' | undefined;

const StatusCard = (props: {
  details: DataProductRetirementResponse;
  retirement?: Retirement;
  actions: ReactNode;
}) => {
  const { details, retirement, actions } = props;
  const active =
    retirement &&
    (retirement.status === 'retiring' ||
      retirement.status === 'running' ||
      retirement.status === 'failed');
  return (
    <InfoCard title="Retirement">
      {!retirement || retirement.status === 'cancelled' ? (
        <Box>
          <Typography variant="body1" paragraph>
            {retirement ? (
              <>
                A retirement was cancelled on{' '}
                {formatTime(retirement.cancelledAt ?? retirement.updatedAt)} by{' '}
                <Who entityRef={retirement.cancelledBy} />
                {retirement.cancelNote ? `: ${retirement.cancelNote}` : ''}.
              </>
            ) : (
              'This data product is not being retired.'
            )}
          </Typography>
          <Typography variant="body2" color="textSecondary" paragraph>
            Retiring announces a sunset at least {details.policy.noticePeriod}{' '}
            ahead, notifies its consumers and refuses new access requests; at
            the sunset the pipeline is stopped, grants are revoked, the data is
            archived, monitors are deleted, roles and workgroups are released
            and it leaves the catalog. Meshport keeps its history.
          </Typography>
        </Box>
      ) : (
        <Box>
          <Typography variant="h6" aria-label="Retirement status">
            {STATUS_LABELS[retirement.status]}
          </Typography>
          <Typography variant="body1">
            Sunset: <strong>{formatDay(retirement.sunset)}</strong>
            {retirement.status === 'retiring' &&
              ` (in ${daysUntil(retirement.sunset, new Date())} days)`}
          </Typography>
          <Typography variant="body1">Reason: {retirement.reason}</Typography>
          <Typography variant="body2" color="textSecondary">
            Started by <Who entityRef={retirement.requestedBy} /> on{' '}
            {formatTime(retirement.createdAt)}
            {retirement.confirmedBy && (
              <>
                ; steps confirmed by <Who entityRef={retirement.confirmedBy} />
              </>
            )}
            {retirement.finishedAt &&
              `; retired on ${formatTime(retirement.finishedAt)}`}
          </Typography>
          {retirement.catalog && (
            <Box mt={1}>
              <Alert
                severity={
                  retirement.catalog.removal === 'removed' ? 'success' : 'info'
                }
              >
                {retirement.catalog.note}
              </Alert>
            </Box>
          )}
          {active && !details.canManage && (
            <Typography variant="body2" color="textSecondary">
              Only the product's owners and Meshport admins can change it.
            </Typography>
          )}
        </Box>
      )}
      <Box display="flex" gridGap={8} mt={2} flexWrap="wrap">
        {actions}
      </Box>
    </InfoCard>
  );
};

/** Props of {@link EntityRetirementContent}. */
export interface EntityRetirementContentProps {
  /** How often to refresh while the steps run. */
  pollIntervalMs?: number;
}

/**
 * The Retirement tab of a DataProduct: who still uses it, starting and
 * cancelling a retirement, running it early, and the step checklist with
 * its live status. What it shows is what the server holds: every change is
 * followed by a reload.
 */
export const EntityRetirementContent = (
  props: EntityRetirementContentProps,
) => {
  const { pollIntervalMs = 3000 } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(retirementApiRef);
  const details = useAsyncRetry(
    () => api.getRetirement(entityRef),
    [api, entityRef],
  );
  const [dialog, setDialog] = useState<Dialogs>();
  const [note, setNote] = useState('');
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const retirement = details.value?.retirement;
  useInterval(
    details.retry,
    isMoving(retirement?.status) ? pollIntervalMs : null,
  );

  if (details.loading && !details.value) {
    return <Progress />;
  }
  if (details.error && !details.value) {
    return <ResponseErrorPanel error={details.error} />;
  }
  const value = details.value!;

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await fn();
      setDialog(undefined);
    } catch (e) {
      setActionError(messageOf(e as Error));
      setDialog(undefined);
    } finally {
      setBusy(false);
      details.retry();
    }
  };

  const consumers = value.usage.consumers.length;
  const canStart = !retirement || retirement.status === 'cancelled';
  const actions = value.canManage ? (
    <>
      {canStart && (
        <Button
          variant="contained"
          color="secondary"
          onClick={() => setDialog('start')}
        >
          Start retirement
        </Button>
      )}
      {retirement?.status === 'retiring' && (
        <>
          <Button
            variant="contained"
            color="secondary"
            disabled={busy || consumers > 0}
            onClick={() => setDialog('confirm')}
            title={
              consumers > 0
                ? 'Consumers still hold access: the steps run at the sunset'
                : undefined
            }
          >
            Retire now
          </Button>
          <Button
            variant="outlined"
            disabled={busy}
            onClick={() => setDialog('cancel')}
          >
            Cancel retirement
          </Button>
        </>
      )}
      {retirement?.status === 'failed' && (
        <Button
          variant="contained"
          color="primary"
          disabled={busy}
          onClick={() => act(() => api.confirmRetirement(retirement.id))}
        >
          Retry the failed step
        </Button>
      )}
    </>
  ) : null;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <StatusCard details={value} retirement={retirement} actions={actions} />
        {actionError && (
          <Box mt={1}>
            <Alert severity="error">{actionError}</Alert>
          </Box>
        )}
        {details.error && (
          <Box mt={1}>
            <Alert severity="warning">
              Could not refresh: {messageOf(details.error)}
            </Alert>
          </Box>
        )}
      </Grid>
      <Grid item xs={12}>
        <RetirementUsageCard usage={value.usage} />
      </Grid>
      {retirement && (
        <Grid item xs={12}>
          <RetirementStepsCard
            steps={value.steps}
            cancelled={retirement.status === 'cancelled'}
            entityRef={retirement.dataProduct}
          />
        </Grid>
      )}

      <StartRetirementDialog
        key={value.policy.earliestSunset}
        open={dialog === 'start'}
        policy={value.policy}
        consumers={consumers}
        onClose={() => setDialog(undefined)}
        onStart={async ({ reason, sunset }) => {
          // Errors stay in the dialog (e.g. a sunset too early).
          try {
            await api.startRetirement({ entityRef, reason, sunset });
          } catch (e) {
            throw new Error(messageOf(e as Error));
          }
          setDialog(undefined);
          details.retry();
        }}
      />

      <Dialog open={dialog === 'confirm'} onClose={() => setDialog(undefined)}>
        <DialogTitle>Retire now?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            No consumer holds access any more. The steps run now instead of on{' '}
            {retirement ? formatDay(retirement.sunset) : ''}: the pipeline is
            stopped, the data archived, monitors deleted, roles and workgroups
            released, and the product leaves the catalog. This cannot be undone.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialog(undefined)}>Close</Button>
          <Button
            color="secondary"
            variant="contained"
            disabled={busy}
            onClick={() =>
              retirement && act(() => api.confirmRetirement(retirement.id))
            }
          >
            Run the retirement steps
          </Button>
        </DialogActions>
      </Dialog>

      <Dialog
        open={dialog === 'cancel'}
        onClose={() => setDialog(undefined)}
        fullWidth
        maxWidth="sm"
      >
        <DialogTitle>Cancel the retirement?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The product and its datasets return to their lifecycle, access
            requests are accepted again and notified consumers are told.
          </DialogContentText>
          <TextField
            id="retirement-cancel-note"
            label="Note (optional)"
            value={note}
            onChange={e => setNote(e.target.value)}
            fullWidth
            margin="normal"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDialog(undefined)}>Close</Button>
          <Button
            color="primary"
            variant="contained"
            disabled={busy}
            onClick={() =>
              retirement &&
              act(() =>
                api.cancelRetirement(
                  retirement.id,
                  note.trim() ? { note: note.trim() } : {},
                ),
              )
            }
          >
            Cancel retirement
          </Button>
        </DialogActions>
      </Dialog>
    </Grid>
  );
};
