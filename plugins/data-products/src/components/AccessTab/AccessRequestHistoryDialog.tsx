import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  useEntityPresentation,
} from '@backstage/plugin-catalog-react';
import { accessRequestsApiRef } from '@meshport/plugin-data-products-react';
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import useAsync from 'react-use/esm/useAsync';
import {
  describeEvent,
  describeTransition,
  formatTimestamp,
  isUserRef,
} from './presentation';
import { TableFrame } from '../shared';

const History = (props: { request: AccessRequest }) => {
  const { request } = props;
  const api = useApi(accessRequestsApiRef);
  // The status is a dependency: a request that moved on has new events.
  const { value, loading, error } = useAsync(
    () => api.getAccessRequestHistory(request.id),
    [api, request.id, request.status, request.updatedAt],
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No events recorded.
      </Typography>
    );
  }
  return (
    <TableFrame>
      <Table size="small" aria-label="Request history">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>What</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Who</TableCell>
            <TableCell>Note</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.items.map(event => (
            <TableRow key={event.id}>
              <TableCell>{formatTimestamp(event.at)}</TableCell>
              <TableCell>{describeEvent(event)}</TableCell>
              <TableCell>{describeTransition(event)}</TableCell>
              <TableCell>
                {isUserRef(event.actor) ? (
                  <EntityRefLink entityRef={event.actor} defaultKind="User" />
                ) : (
                  actorWords(event.actor)
                )}
              </TableCell>
              <TableCell>{event.note}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableFrame>
  );
};

/** A non-user actor in words: the scheduler is Meshport itself. */
function actorWords(actor: string): string {
  return actor === 'system' ? 'Meshport' : actor;
}

/** `History of the request of Sales forecast for Carrier performance`, by title. */
const HistoryTitle = (props: { request: AccessRequest }) => {
  const consumer = useEntityPresentation(props.request.consumer).primaryTitle;
  const dataset = useEntityPresentation(props.request.dataset).primaryTitle;
  return <>{`History of the request of ${consumer} for ${dataset}`}</>;
};

/** Every recorded change of one request, oldest first, loaded when opened. */
export const AccessRequestHistoryDialog = (props: {
  request?: AccessRequest;
  onClose: () => void;
}) => {
  const { request, onClose } = props;
  return (
    <Dialog
      open={Boolean(request)}
      onClose={onClose}
      fullWidth
      maxWidth="md"
      aria-labelledby="access-request-history-title"
    >
      <DialogTitle id="access-request-history-title">
        {request ? <HistoryTitle request={request} /> : 'History'}
      </DialogTitle>
      <DialogContent>{request && <History request={request} />}</DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};
