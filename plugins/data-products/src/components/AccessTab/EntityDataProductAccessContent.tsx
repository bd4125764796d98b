import { useState } from 'react';
import {
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityRefLink,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { accessRequestsApiRef } from '@meshport/plugin-data-products-react';
import {
  OPEN_ACCESS_REQUEST_STATUSES,
  RELATION_HAS_OUTPUT,
  dataProductsAccessRequestCreatePermission,
  isDataProductEntity,
  resolveSpecRef,
  type AccessRequest,
  type DataProductEntity,
} from '@meshport/plugin-data-products-common';
import useAsync from 'react-use/esm/useAsync';
import { ConsumersCard } from '../Consumers';
import { AccessRequestActions } from './AccessRequestActions';
import { AccessRequestsCard } from './AccessRequestsCard';
import { MigrationsCard } from './MigrationsCard';
import { sameRef } from './refs';
import { RequestAccessButton } from './RequestAccessDialog';
import { useViewer, type Viewer } from './useViewer';
import { TableFrame } from '../shared';

/**
 * Declared input ports (spec.inputPorts) without an open request: the
 * product says it reads them but has not asked yet.
 */
const UnrequestedInputPorts = (props: {
  product: DataProductEntity;
  refreshKey: number;
  viewer: Viewer;
  /** The viewer may ask for access on the product's behalf (the server's decision). */
  canRequest: boolean;
  onCreated: () => void;
}) => {
  const { product, refreshKey, viewer, canRequest, onCreated } = props;
  const api = useApi(accessRequestsApiRef);
  const productRef = stringifyEntityRef(product);
  // input port dataset ref -> its purpose, from the spec
  const purposes = new Map(
    (product.spec.inputPorts ?? []).map(port => [
      stringifyEntityRef(resolveSpecRef(product, 'inputPort', port.dataset)),
      port.purpose,
    ]),
  );
  const ports = [...purposes.keys()];
  const { value, loading, error } = useAsync(async () => {
    if (ports.length === 0) return [];
    const open = await api.listAccessRequests({
      consumer: productRef,
      status: [...OPEN_ACCESS_REQUEST_STATUSES],
      limit: 100,
    });
    const requested = new Set(open.items.map(r => r.dataset));
    return ports.filter(port => !requested.has(port));
  }, [api, productRef, ports.join(','), refreshKey]);

  if (ports.length === 0) return null;
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.length === 0) return null;
  return (
    <InfoCard
      title="Input ports without a request"
      subheader={
        canRequest
          ? 'Declared in spec.inputPorts, but no access has been requested: ask here.'
          : "Declared in spec.inputPorts, but no access has been requested; the product's owners can ask."
      }
    >
      <TableFrame>
        <Table size="small" aria-label="Input ports without a request">
          <TableHead>
            <TableRow>
              <TableCell>Dataset</TableCell>
              <TableCell>Purpose (from the spec)</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {value.map(datasetRef => (
              <TableRow key={datasetRef}>
                <TableCell>
                  <EntityRefLink entityRef={datasetRef} defaultKind="Dataset" />
                </TableCell>
                <TableCell>{purposes.get(datasetRef)}</TableCell>
                <TableCell>
                  {canRequest && (
                    <RequestAccessButton
                      datasetRef={datasetRef}
                      consumerRef={productRef}
                      purpose={purposes.get(datasetRef)}
                      viewer={viewer}
                      onCreated={onCreated}
                    />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableFrame>
    </InfoCard>
  );
};

/** Props of {@link EntityDataProductAccessContent}. */
export interface EntityDataProductAccessContentProps {}

/**
 * The Access view of a DataProduct: its inputs (the datasets it asked for,
 * with their status) and its consumers (the requests on its datasets).
 */
export const EntityDataProductAccessContent = (
  _props: EntityDataProductAccessContentProps,
) => {
  const { entity } = useEntity();
  const productRef = stringifyEntityRef(entity);
  const { viewer, error: viewerError } = useViewer();
  // renewing asks for access again: the server's decision, not an assumption of ownership
  const requestAccess = usePermission({
    permission: dataProductsAccessRequestCreatePermission,
    resourceRef: productRef,
  });
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => setRefreshKey(key => key + 1);

  if (!isDataProductEntity(entity)) {
    return (
      <Alert severity="warning">
        This view belongs on DataProduct pages; this is a {entity.kind}.
      </Alert>
    );
  }
  if (viewerError) {
    return <ResponseErrorPanel error={viewerError} />;
  }
  if (!viewer) {
    return <Progress />;
  }

  const datasets = getEntityRelations(entity, RELATION_HAS_OUTPUT).map(ref =>
    stringifyEntityRef(ref),
  );
  const renderInputActions = (request: AccessRequest) => (
    <AccessRequestActions
      request={request}
      can={{
        cancel: sameRef(request.requester, viewer.userEntityRef),
        renew: requestAccess.allowed,
      }}
      onChanged={refresh}
    />
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <MigrationsCard
          productRef={productRef}
          canMigrate={requestAccess.allowed}
          refreshKey={refreshKey}
          onChanged={refresh}
        />
      </Grid>
      <Grid item xs={12}>
        <AccessRequestsCard
          title="Inputs"
          subheader="Datasets this product asked to read, with the state of each request."
          filter={{ consumer: productRef }}
          columns={[
            'dataset',
            'environments',
            'status',
            'validity',
            'requester',
            'decision',
          ]}
          renderActions={renderInputActions}
          emptyText="This product has not requested access to any dataset."
          refreshKey={refreshKey}
        />
      </Grid>
      <Grid item xs={12}>
        <UnrequestedInputPorts
          product={entity}
          refreshKey={refreshKey}
          viewer={viewer}
          canRequest={requestAccess.allowed}
          onCreated={refresh}
        />
      </Grid>
      {datasets.length > 0 && (
        <Grid item xs={12}>
          <ConsumersCard
            entityRef={productRef}
            refreshKey={refreshKey}
            title="Consumers of its datasets"
            showDataset
          />
        </Grid>
      )}
      {datasets.length === 0 ? (
        <Grid item xs={12}>
          <InfoCard title="Consumers">
            This product outputs no dataset, so nobody can consume it.
          </InfoCard>
        </Grid>
      ) : (
        datasets.map(datasetRef => (
          <Grid item xs={12} key={datasetRef}>
            <AccessRequestsCard
              title={`Requests for ${parseEntityRef(datasetRef).name}`}
              subheader="Open requests and current access; approve, deny and revoke on the dataset's Access tab."
              filter={{
                dataset: datasetRef,
                status: [...OPEN_ACCESS_REQUEST_STATUSES],
              }}
              columns={[
                'consumer',
                'environments',
                'status',
                'validity',
                'requester',
              ]}
              emptyText="No data product uses or asked for this dataset."
              refreshKey={refreshKey}
              initialRowsPerPage={5}
            />
          </Grid>
        ))
      )}
    </Grid>
  );
};
