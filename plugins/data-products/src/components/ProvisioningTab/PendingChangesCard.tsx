import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type { ProvisioningOperationInfo } from '@meshport/plugin-data-products-common';
import { OPERATION_ACTION_LABELS, resourceTypeLabel } from './presentation';
import { TableFrame } from '../shared';

/**
 * What the next run would change for this product. `undefined` operations
 * mean no provisioner can tell without calling the platform.
 */
export const PendingChangesCard = (props: {
  operations: ProvisioningOperationInfo[] | undefined;
}) => {
  const { operations } = props;

  let content;
  if (operations === undefined) {
    content = (
      <Typography variant="body2" color="textSecondary">
        The pending changes are not known until the next run compares the
        desired state with the platform.
      </Typography>
    );
  } else if (operations.length === 0) {
    content = (
      <Typography variant="body2">
        <strong>In sync</strong>: nothing to change for this product.
      </Typography>
    );
  } else {
    content = (
      <TableFrame>
        <Table size="small" aria-label="Pending changes">
          <TableHead>
            <TableRow>
              <TableCell>Action</TableCell>
              <TableCell>Environment</TableCell>
              <TableCell>Resource type</TableCell>
              <TableCell>Resource</TableCell>
              <TableCell>Description</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {operations.map(operation => (
              <TableRow key={operation.id}>
                <TableCell>
                  {OPERATION_ACTION_LABELS[operation.action] ??
                    operation.action}
                </TableCell>
                <TableCell>{operation.environment}</TableCell>
                <TableCell>
                  {resourceTypeLabel(operation.resourceType)}
                </TableCell>
                <TableCell>
                  <code>{operation.resource}</code>
                </TableCell>
                <TableCell>{operation.description}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableFrame>
    );
  }

  return (
    <InfoCard
      title="Pending changes"
      subheader="What the next run changes to reach the desired state"
    >
      {content}
    </InfoCard>
  );
};
