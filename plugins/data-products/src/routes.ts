import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The "Access requests" page: requests awaiting the user's decision and the
 * user's own requests.
 *
 * @public
 */
export const accessRequestsRouteRef = createRouteRef({
  id: 'data-products:access-requests',
});
