import { useState } from 'react';
import { Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  dataProductsAccessGrantRevokePermission,
  dataProductsAccessRequestDecidePermission,
  getOwnerRef,
  isDatasetEntity,
  type AccessRequest,
} from '@meshport/plugin-data-products-common';
import { AccessLevelChip } from '../AccessLevelChip';
import { ConsumersCard } from '../Consumers';
import { AccessRequestActions } from './AccessRequestActions';
import { AccessRequestsCard } from './AccessRequestsCard';
import { describeAccessLevel, retirementOf } from './presentation';
import { RequestAccessForm } from './RequestAccessForm';
import { RequestAccessInPlace } from './RequestAccessDialog';
import { sameRef } from './refs';
import { useViewer } from './useViewer';

/** Props of {@link EntityDatasetAccessContent}. */
export interface EntityDatasetAccessContentProps {}

/**
 * The Access tab of a Dataset: who consumes it, the requests waiting for its
 * owners (approve / deny with a note), a form to ask for access, and the
 * closed requests. Buttons follow the viewer's permissions; the server
 * decides in the end and its refusal is shown.
 */
export const EntityDatasetAccessContent = (
  _props: EntityDatasetAccessContentProps,
) => {
  const { entity } = useEntity();
  const datasetRef = stringifyEntityRef(entity);
  const { viewer, error: viewerError } = useViewer();
  const decide = usePermission({
    permission: dataProductsAccessRequestDecidePermission,
    resourceRef: datasetRef,
  });
  const revoke = usePermission({
    permission: dataProductsAccessGrantRevokePermission,
    resourceRef: datasetRef,
  });
  // every change reloads every list: the page shows what the server holds
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => setRefreshKey(key => key + 1);

  if (!isDatasetEntity(entity)) {
    return (
      <Alert severity="warning">
        The Access tab belongs on Dataset pages; this is a {entity.kind}.
      </Alert>
    );
  }
  if (viewerError) {
    return <ResponseErrorPanel error={viewerError} />;
  }
  if (!viewer) {
    return <Progress />;
  }

  const guidance = describeAccessLevel(
    entity.spec.access,
    entity.spec.lifecycle,
    retirementOf(entity),
  );
  const isRequester = (request: AccessRequest) =>
    sameRef(request.requester, viewer.userEntityRef);
  const renderActions = (request: AccessRequest) => (
    <AccessRequestActions
      request={request}
      can={{
        // nobody decides their own request (the server refuses it too)
        decide: decide.allowed && !isRequester(request),
        cancel: isRequester(request),
        revoke: revoke.allowed,
      }}
      onChanged={refresh}
    />
  );
  // The words follow the server's decision, and say "owner" only of an owner.
  const ownsDataset = viewer.ownershipEntityRefs.some(ref =>
    sameRef(ref, getOwnerRef(entity)),
  );
  let pendingHint: string | undefined;
  if (decide.allowed) {
    pendingHint = ownsDataset
      ? 'As an owner of this dataset you approve or deny them; you cannot decide a request you made yourself.'
      : 'You may approve or deny them (the portal allows you to decide on this dataset); you cannot decide a request you made yourself.';
  } else if (!decide.loading) {
    pendingHint =
      "Only the dataset's owners (and Meshport admins) decide on them.";
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Alert
          severity={guidance.severity}
          icon={false}
          action={<AccessLevelChip access={entity.spec.access} />}
        >
          {guidance.text}
        </Alert>
      </Grid>
      <Grid item xs={12}>
        <ConsumersCard
          entityRef={datasetRef}
          refreshKey={refreshKey}
          title="Consumers"
          renderAction={row =>
            guidance.requestable && (
              <RequestAccessInPlace
                row={row}
                viewer={viewer}
                onCreated={refresh}
              />
            )
          }
        />
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard title="Request access">
          {guidance.requestable ? (
            <RequestAccessForm
              dataset={entity}
              viewer={viewer}
              onCreated={refresh}
            />
          ) : (
            <Typography variant="body2" color="textSecondary">
              {guidance.text}
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <AccessRequestsCard
          title="Pending requests"
          subheader={pendingHint}
          filter={{ dataset: datasetRef, status: 'pending' }}
          columns={['consumer', 'requester', 'purpose', 'validity']}
          renderActions={renderActions}
          emptyText="No request is waiting for a decision."
          refreshKey={refreshKey}
          initialRowsPerPage={5}
        />
      </Grid>
      <Grid item xs={12}>
        <AccessRequestsCard
          title="Grants"
          subheader="Access held by data products, or being given to them."
          filter={{ dataset: datasetRef, status: ['approved', 'granted'] }}
          columns={[
            'consumer',
            'environments',
            'validity',
            'status',
            'decision',
          ]}
          renderActions={renderActions}
          emptyText="No data product has access to this dataset yet."
          refreshKey={refreshKey}
        />
      </Grid>
      <Grid item xs={12}>
        <AccessRequestsCard
          title="Closed requests"
          subheader="Denied, cancelled, revoked and expired requests."
          filter={{
            dataset: datasetRef,
            status: ['denied', 'cancelled', 'revoked', 'expired'],
          }}
          columns={[
            'consumer',
            'requester',
            'requestedAt',
            'status',
            'decision',
          ]}
          emptyText="No closed requests."
          refreshKey={refreshKey}
          initialRowsPerPage={5}
        />
      </Grid>
    </Grid>
  );
};
