import { useState } from 'react';
import { Box, Button, MenuItem, TextField } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import { useEntityPresentation } from '@backstage/plugin-catalog-react';
import { accessRequestsApiRef } from '@meshport/plugin-data-products-react';
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import { NoteDialog } from './NoteDialog';
import {
  DEFAULT_DURATION,
  DURATION_CHOICES,
  describeDuration,
  toRequestedDuration,
} from './presentation';

/** Which actions the viewer may offer on a row; the server still decides. */
export interface AccessRequestPermissions {
  /** Approve / deny a pending request (a dataset owner who did not ask). */
  decide?: boolean;
  /** Withdraw a pending request (the requester). */
  cancel?: boolean;
  /** Remove an approved or granted access (a dataset owner). */
  revoke?: boolean;
  /** Extend an approved or granted access (the consuming product's owners). */
  renew?: boolean;
}

type Action = 'approve' | 'deny' | 'cancel' | 'revoke' | 'renew';

/** Which of the permitted actions the request's status allows. */
export function availableActions(
  request: Pick<AccessRequest, 'status'>,
  can: AccessRequestPermissions,
): Action[] {
  switch (request.status) {
    case 'pending':
      return [
        ...(can.decide ? (['approve', 'deny'] as const) : []),
        ...(can.cancel ? (['cancel'] as const) : []),
      ];
    case 'approved':
    case 'granted':
      return [
        ...(can.renew ? (['renew'] as const) : []),
        ...(can.revoke ? (['revoke'] as const) : []),
      ];
    default:
      return [];
  }
}

const LABELS: Record<Action, string> = {
  approve: 'Approve',
  deny: 'Deny',
  cancel: 'Cancel request',
  revoke: 'Revoke',
  renew: 'Renew',
};

/**
 * The buttons of one access request with their confirmation dialogs. After a
 * change, `onChanged` reloads the lists so that they show the server's state.
 */
export const AccessRequestActions = (props: {
  request: AccessRequest;
  can: AccessRequestPermissions;
  onChanged: () => void;
}) => {
  const { request, can, onChanged } = props;
  const api = useApi(accessRequestsApiRef);
  const [open, setOpen] = useState<Action>();
  const [duration, setDuration] = useState(
    request.requestedDuration ?? DEFAULT_DURATION,
  );
  // The product and dataset as the catalog names them (titles), never their refs.
  const consumer = useEntityPresentation(request.consumer).primaryTitle;
  const dataset = useEntityPresentation(request.dataset).primaryTitle;
  const actions = availableActions(request, can);
  if (actions.length === 0) {
    return null;
  }

  const dialogs: Record<
    Action,
    {
      title: string;
      description: string;
      run: (note: string) => Promise<unknown>;
    }
  > = {
    approve: {
      title: `Approve access of ${consumer} to ${dataset}`,
      description: `${consumer}'s roles get read access in ${request.environments.join(
        ', ',
      )} for ${describeDuration(request.requestedDuration)}. Purpose: ${
        request.purpose
      }`,
      run: note => api.approveAccessRequest(request.id, { note }),
    },
    deny: {
      title: `Deny access of ${consumer} to ${dataset}`,
      description: 'The requester is told; a note explaining why helps them.',
      run: note => api.denyAccessRequest(request.id, { note }),
    },
    cancel: {
      title: `Cancel the request of ${consumer} for ${dataset}`,
      description: "The dataset's owners no longer see it as waiting.",
      run: note => api.cancelAccessRequest(request.id, { note }),
    },
    revoke: {
      title: `Revoke access of ${consumer} to ${dataset}`,
      description:
        "The grant is removed from the consumer's roles at the next provisioning run.",
      run: note => api.revokeAccessRequest(request.id, { note }),
    },
    renew: {
      title: `Renew access of ${consumer} to ${dataset}`,
      description:
        "A renewal is a new request for the same access; a restricted dataset's owners decide on it again.",
      run: note =>
        api.renewAccessRequest(request.id, {
          note,
          duration: toRequestedDuration(duration),
        }),
    },
  };
  const current = open ? dialogs[open] : undefined;

  return (
    <Box display="flex" gridGap={8} flexWrap="wrap">
      {actions.map(action => (
        <Button
          key={action}
          size="small"
          variant={action === 'approve' ? 'contained' : 'outlined'}
          color={
            action === 'approve' || action === 'renew' ? 'primary' : 'default'
          }
          onClick={() => setOpen(action)}
        >
          {LABELS[action]}
        </Button>
      ))}
      {current && open && (
        <NoteDialog
          open
          title={current.title}
          description={current.description}
          confirmLabel={LABELS[open]}
          onClose={() => setOpen(undefined)}
          onConfirm={async note => {
            await current.run(note);
            onChanged();
          }}
        >
          {open === 'renew' && (
            <TextField
              select
              id="renew-duration"
              label="New duration"
              value={duration}
              onChange={event => setDuration(event.target.value)}
              fullWidth
              margin="normal"
              variant="outlined"
            >
              {DURATION_CHOICES.map(choice => (
                <MenuItem key={choice.value} value={choice.value}>
                  {choice.label}
                </MenuItem>
              ))}
            </TextField>
          )}
        </NoteDialog>
      )}
    </Box>
  );
};
