import { useId, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
} from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  dataProductsAccessRequestCreatePermission,
  isDatasetEntity,
  type AccessRequest,
  type Consumption,
} from '@meshport/plugin-data-products-common';
import useAsync from 'react-use/esm/useAsync';
import { describeAccessLevel, retirementOf } from './presentation';
import { RequestAccessForm } from './RequestAccessForm';
import type { Viewer } from './useViewer';

/** Props of {@link RequestAccessButton}. */
export interface RequestAccessButtonProps {
  /** The dataset to ask for. */
  datasetRef: string;
  /** The consuming product that declares it (preselected). */
  consumerRef: string;
  /** The input port's purpose (the form starts from it). */
  purpose?: string;
  viewer: Viewer;
  /**
   * Called with the request once the dialog closes (not before: the page
   * reloads its lists, and the row holding the button may go).
   */
  onCreated?: (request: AccessRequest) => void;
}

const DatasetRequestForm = (
  props: RequestAccessButtonProps & { onDone: (r: AccessRequest) => void },
) => {
  const catalog = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(
    () => catalog.getEntityByRef(props.datasetRef),
    [catalog, props.datasetRef],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || !isDatasetEntity(value)) {
    return <>This dataset is no longer in the catalog.</>;
  }
  const guidance = describeAccessLevel(
    value.spec.access,
    value.spec.lifecycle,
    retirementOf(value),
  );
  if (!guidance.requestable) return <>{guidance.text}</>;
  return (
    <RequestAccessForm
      dataset={value}
      viewer={props.viewer}
      initialConsumer={props.consumerRef}
      initialPurpose={props.purpose}
      onCreated={props.onDone}
    />
  );
};

/**
 * "Request access" in place, for a declared input port without access: the
 * request form in a dialog, with the consuming product and the port's
 * purpose filled in.
 */
export const RequestAccessButton = (props: RequestAccessButtonProps) => {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<AccessRequest>();
  const titleId = useId();
  const close = () => {
    setOpen(false);
    if (created) props.onCreated?.(created);
  };
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color="primary"
        onClick={() => setOpen(true)}
      >
        Request access
      </Button>
      <Dialog
        open={open}
        onClose={close}
        fullWidth
        maxWidth="sm"
        aria-labelledby={titleId}
      >
        <DialogTitle id={titleId}>Request access</DialogTitle>
        <DialogContent>
          <DatasetRequestForm {...props} onDone={setCreated} />
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

/**
 * For a row of the consumption model: "Request access" in place when the
 * consumer declares the dataset as an input port, holds no access and has no
 * open request, and the viewer may ask on the consumer's behalf (the server's
 * decision); nothing otherwise.
 */
export const RequestAccessInPlace = (props: {
  row: Consumption;
  viewer: Viewer;
  onCreated?: (request: AccessRequest) => void;
}) => {
  const { row } = props;
  const waiting =
    row.declared && !row.request && !row.grantedEnvironments.length;
  const create = usePermission({
    permission: dataProductsAccessRequestCreatePermission,
    resourceRef: row.consumer,
  });
  if (!waiting || !create.allowed) return null;
  return (
    <RequestAccessButton
      datasetRef={row.dataset}
      consumerRef={row.consumer}
      purpose={row.purpose}
      viewer={props.viewer}
      onCreated={props.onCreated}
    />
  );
};
