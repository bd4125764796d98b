import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { accessRequestsApiRef } from '@meshport/plugin-data-products-react';
import type {
  ListAccessRequestsRequest,
  ListAccessRequestsResponse,
} from '@meshport/plugin-data-products-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** The page state of a table of access requests. */
export interface AccessRequestsPage {
  value?: ListAccessRequestsResponse;
  loading: boolean;
  error?: Error;
  /** Loads the current page again (after a mutation: show what the server holds). */
  retry: () => void;
  page: number;
  rowsPerPage: number;
  setPage: (page: number) => void;
  setRowsPerPage: (rowsPerPage: number) => void;
}

/**
 * One page of access requests matching `filter`, from the server. `filter`
 * is compared by value, so a literal object per render is fine; `undefined`
 * skips the call (e.g. while a dependency loads).
 */
export function usePagedAccessRequests(
  filter: Omit<ListAccessRequestsRequest, 'limit' | 'offset'> | undefined,
  options: {
    initialRowsPerPage?: number;
    /** Bump it to load again, e.g. after a change made elsewhere on the page. */
    refreshKey?: number;
  } = {},
): AccessRequestsPage {
  const { initialRowsPerPage = 10, refreshKey = 0 } = options;
  const api = useApi(accessRequestsApiRef);
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPageState] = useState(initialRowsPerPage);
  const key = JSON.stringify(filter ?? null);
  const state = useAsyncRetry(async () => {
    if (!filter) {
      return undefined;
    }
    return api.listAccessRequests({
      ...filter,
      limit: rowsPerPage,
      offset: page * rowsPerPage,
    });
    // `key` stands for `filter`
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, page, rowsPerPage, refreshKey]);

  // A mutation emptied the last page: show the one before.
  const emptied = page > 0 && state.value?.items.length === 0;
  useEffect(() => {
    if (emptied) {
      setPage(current => Math.max(0, current - 1));
    }
  }, [emptied]);

  return {
    value: state.value,
    loading: state.loading,
    error: state.error,
    retry: state.retry,
    page,
    rowsPerPage,
    setPage,
    setRowsPerPage: (next: number) => {
      setRowsPerPageState(next);
      setPage(0);
    },
  };
}
