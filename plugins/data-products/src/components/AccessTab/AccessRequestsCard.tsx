import { ReactNode } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type {
  AccessRequest,
  ListAccessRequestsRequest,
} from '@meshport/plugin-data-products-common';
import { AccessRequestColumn, AccessRequestTable } from './AccessRequestTable';
import { usePagedAccessRequests } from './usePagedAccessRequests';

export interface AccessRequestsCardProps {
  title: string;
  subheader?: string;
  /** The server-side filter; undefined while what it depends on loads. */
  filter?: Omit<ListAccessRequestsRequest, 'limit' | 'offset'>;
  columns: AccessRequestColumn[];
  renderActions?: (request: AccessRequest) => ReactNode;
  emptyText: string;
  /** Bumped by the page after any change, so that every card reloads. */
  refreshKey?: number;
  initialRowsPerPage?: number;
}

/** A card with one server-paginated list of access requests. */
export const AccessRequestsCard = (props: AccessRequestsCardProps) => {
  const {
    title,
    subheader,
    filter,
    columns,
    renderActions,
    emptyText,
    refreshKey,
    initialRowsPerPage,
  } = props;
  const list = usePagedAccessRequests(filter, {
    refreshKey,
    initialRowsPerPage,
  });

  let content: ReactNode;
  if (list.error) {
    content = <ResponseErrorPanel error={list.error} />;
  } else if (!list.value) {
    content = <Progress />;
  } else {
    content = (
      <AccessRequestTable
        label={title}
        requests={list.value.items}
        columns={columns}
        renderActions={renderActions}
        emptyText={emptyText}
        pagination={{
          page: list.page,
          rowsPerPage: list.rowsPerPage,
          totalCount: list.value.totalCount,
          onPageChange: list.setPage,
          onRowsPerPageChange: list.setRowsPerPage,
        }}
      />
    );
  }
  return (
    <InfoCard title={title} subheader={subheader} noPadding={false}>
      {content}
    </InfoCard>
  );
};
