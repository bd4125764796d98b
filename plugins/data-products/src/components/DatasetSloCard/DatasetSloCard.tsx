import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { EntityInfoCard, useEntity } from '@backstage/plugin-catalog-react';
import { isDatasetEntity } from '@meshport/plugin-data-products-common';
import { describeSlos } from '../../lib/presentation';
import { TableFrame } from '../shared';

/** Names, targets and windows are short: never break them mid-word. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Props of {@link DatasetSloCard}. */
export interface DatasetSloCardProps {
  title?: string;
}

/** The service level objectives a Dataset declares, in words. */
export const DatasetSloCard = (props: DatasetSloCardProps) => {
  const { title = 'Service level objectives' } = props;
  const { entity } = useEntity();
  const slos = describeSlos(
    isDatasetEntity(entity) ? entity.spec.slos : undefined,
  );

  return (
    <EntityInfoCard title={title}>
      {slos.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No SLOs declared. Add availability, completeness or freshness targets
          under <code>spec.slos</code> to tell consumers what they can rely on.
        </Typography>
      ) : (
        <TableFrame>
          <Table size="small" aria-label="Service level objectives">
            <TableHead>
              <TableRow>
                <TableCell style={NO_WRAP}>Objective</TableCell>
                <TableCell style={NO_WRAP}>Target</TableCell>
                <TableCell>What it means</TableCell>
                <TableCell>Rolling window</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {slos.map(slo => (
                <TableRow key={slo.name}>
                  <TableCell style={NO_WRAP}>
                    <strong>{slo.name}</strong>
                  </TableCell>
                  <TableCell>{slo.target}</TableCell>
                  <TableCell style={{ minWidth: '9em' }}>
                    {slo.objective}
                  </TableCell>
                  <TableCell style={NO_WRAP}>{slo.window}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableFrame>
      )}
    </EntityInfoCard>
  );
};
