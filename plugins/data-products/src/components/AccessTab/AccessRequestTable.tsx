import { ReactNode, useState } from 'react';
import {
  Box,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import HistoryIcon from '@material-ui/icons/History';
import {
  EntityDisplayName,
  EntityRefLink,
} from '@backstage/plugin-catalog-react';
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import { AccessRequestHistoryDialog } from './AccessRequestHistoryDialog';
import { AccessRequestStatusChip } from './AccessRequestStatusChip';
import { describeValidity, formatTimestamp } from './presentation';
import { shortRef } from './refs';
import { TableFrame } from '../shared';

/** The columns a table of requests can show. */
export type AccessRequestColumn =
  | 'consumer'
  | 'dataset'
  | 'requester'
  | 'environments'
  | 'purpose'
  | 'validity'
  | 'status'
  | 'access'
  | 'requestedAt'
  | 'decision';

const HEADERS: Record<AccessRequestColumn, string> = {
  consumer: 'Consuming product',
  dataset: 'Dataset',
  requester: 'Requested by',
  environments: 'Environments',
  purpose: 'Purpose',
  validity: 'Valid',
  status: 'Status',
  access: 'Access',
  requestedAt: 'Requested',
  decision: 'Decision',
};

function cell(request: AccessRequest, column: AccessRequestColumn): ReactNode {
  switch (column) {
    case 'consumer':
      return (
        <EntityRefLink entityRef={request.consumer} defaultKind="DataProduct" />
      );
    case 'dataset':
      return (
        <EntityRefLink entityRef={request.dataset} defaultKind="Dataset" />
      );
    case 'requester':
      return <EntityRefLink entityRef={request.requester} defaultKind="User" />;
    case 'environments':
      return request.environments.join(', ');
    case 'purpose':
      return request.purpose;
    case 'validity':
      return describeValidity(request);
    case 'status':
      return <AccessRequestStatusChip request={request} />;
    case 'access':
      // the status with its environments under it: one column fewer in a narrow window
      return (
        <>
          <AccessRequestStatusChip request={request} />
          <Typography variant="caption" display="block">
            in {request.environments.join(', ')}
          </Typography>
        </>
      );
    case 'requestedAt':
      return formatTimestamp(request.createdAt);
    case 'decision':
      return request.decidedBy ? (
        <>
          <Typography variant="body2">
            {request.decidedBy === 'system' ? (
              'automatic'
            ) : (
              <EntityDisplayName
                entityRef={request.decidedBy}
                defaultKind="User"
                hideIcon
                disableTooltip
              />
            )}
            {request.decidedAt ? `, ${formatTimestamp(request.decidedAt)}` : ''}
          </Typography>
          {request.decisionNote && (
            <Typography variant="body2" color="textSecondary">
              “{request.decisionNote}”
            </Typography>
          )}
        </>
      ) : (
        ''
      );
    default:
      return '';
  }
}

/**
 * Widths that never split words: free text (purpose, decision) wraps
 * between words only and keeps a readable width; every other cell stays on
 * one line.
 */
function cellStyle(column: AccessRequestColumn) {
  const padding = '6px 6px';
  if (column === 'purpose' || column === 'decision') {
    return {
      padding,
      minWidth: column === 'purpose' ? '12em' : '7em',
      overflowWrap: 'normal' as const,
      wordBreak: 'normal' as const,
    };
  }
  // short phrases: wrap between words, never inside one
  if (column === 'validity') {
    return { padding, minWidth: '6em', wordBreak: 'normal' as const };
  }
  // a chip or a person's name stays on one line; titles and dates wrap between words
  if (column === 'status' || column === 'access' || column === 'requester') {
    return { padding, whiteSpace: 'nowrap' as const };
  }
  return { padding };
}

export interface AccessRequestTableProps {
  /** The table's accessible name. */
  label: string;
  requests: AccessRequest[];
  columns: AccessRequestColumn[];
  /** The action buttons of a row. */
  renderActions?: (request: AccessRequest) => ReactNode;
  emptyText: string;
  /** Server-side paging; without it every row given is shown. */
  pagination?: {
    page: number;
    rowsPerPage: number;
    totalCount: number;
    onPageChange: (page: number) => void;
    onRowsPerPageChange: (rowsPerPage: number) => void;
  };
}

/**
 * Access requests as a table, each row with its actions and a button that
 * opens the request's history.
 */
export const AccessRequestTable = (props: AccessRequestTableProps) => {
  const { label, requests, columns, renderActions, emptyText, pagination } =
    props;
  const [historyOf, setHistoryOf] = useState<AccessRequest>();

  if (requests.length === 0 && (!pagination || pagination.totalCount === 0)) {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyText}
      </Typography>
    );
  }
  return (
    <>
      <TableFrame>
        <Table size="small" aria-label={label}>
          <TableHead>
            <TableRow>
              {columns.map(column => (
                <TableCell
                  key={column}
                  style={{ whiteSpace: 'nowrap', padding: '6px 6px' }}
                >
                  {HEADERS[column]}
                </TableCell>
              ))}
              <TableCell style={{ padding: '6px 6px' }}>
                <span className="MuiTypography-srOnly">Actions</span>
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {requests.map(request => (
              <TableRow key={request.id}>
                {columns.map(column => (
                  <TableCell key={column} style={cellStyle(column)}>
                    {cell(request, column)}
                  </TableCell>
                ))}
                <TableCell style={{ padding: '6px 6px' }}>
                  {/* in a narrow window the buttons stack instead of leaving the card */}
                  <Box
                    display="flex"
                    flexWrap="wrap"
                    alignItems="center"
                    justifyContent="flex-end"
                    gridGap={8}
                  >
                    {renderActions?.(request)}
                    <Tooltip title="History">
                      <IconButton
                        size="small"
                        aria-label={`History of the request of ${shortRef(
                          request.consumer,
                        )} for ${shortRef(request.dataset)}`}
                        onClick={() => setHistoryOf(request)}
                      >
                        <HistoryIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  </Box>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableFrame>
      {pagination && (
        <TablePagination
          component="div"
          count={pagination.totalCount}
          page={pagination.page}
          rowsPerPage={pagination.rowsPerPage}
          rowsPerPageOptions={[5, 10, 25, 50, 100]}
          onPageChange={(_event, page) => pagination.onPageChange(page)}
          onRowsPerPageChange={event =>
            pagination.onRowsPerPageChange(Number(event.target.value))
          }
        />
      )}
      <AccessRequestHistoryDialog
        request={historyOf}
        onClose={() => setHistoryOf(undefined)}
      />
    </>
  );
};
