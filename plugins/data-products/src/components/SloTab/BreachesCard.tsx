import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { InfoCard, StatusError, StatusOK } from '@backstage/core-components';
import type { SloBreach } from '@meshport/plugin-data-products-common';
import {
  SLO_KIND_LABELS,
  formatBreachDuration,
  formatSli,
  formatTarget,
  formatTimestamp,
} from './presentation';
import { TableFrame } from '../shared';

/** The recent breaches of the dataset's SLOs, open ones first by recency. */
export const BreachesCard = (props: { breaches: SloBreach[]; now: Date }) => {
  const { breaches, now } = props;
  return (
    <InfoCard title="Recent breaches">
      {breaches.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No breaches recorded: every SLO has stayed at or above its target.
        </Typography>
      ) : (
        <TableFrame>
          <Table size="small" aria-label="Recent breaches">
            <TableHead>
              <TableRow>
                <TableCell>SLO</TableCell>
                <TableCell>State</TableCell>
                <TableCell>Below target since</TableCell>
                <TableCell>Recovered</TableCell>
                <TableCell>Duration</TableCell>
                <TableCell>Target</TableCell>
                <TableCell>SLI at start</TableCell>
                <TableCell>SLI at recovery</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {breaches.map(breach => (
                <TableRow key={breach.id}>
                  <TableCell>{SLO_KIND_LABELS[breach.kind]}</TableCell>
                  <TableCell>
                    {breach.closedAt ? (
                      <StatusOK aria-hidden={false} aria-label={undefined}>
                        Recovered
                      </StatusOK>
                    ) : (
                      <StatusError aria-hidden={false} aria-label={undefined}>
                        Open
                      </StatusError>
                    )}
                  </TableCell>
                  <TableCell>{formatTimestamp(breach.openedAt)}</TableCell>
                  <TableCell>{formatTimestamp(breach.closedAt)}</TableCell>
                  <TableCell>
                    {formatBreachDuration(
                      breach.openedAt,
                      breach.closedAt,
                      now,
                    )}
                    {!breach.closedAt && ' so far'}
                  </TableCell>
                  <TableCell>{formatTarget(breach.target)}</TableCell>
                  <TableCell>{formatSli(breach.sliAtOpen)}</TableCell>
                  <TableCell>
                    {breach.sliAtClose === undefined
                      ? ''
                      : formatSli(breach.sliAtClose)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableFrame>
      )}
    </InfoCard>
  );
};
