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

/**
 * The "Data" home: cards for every data product and dataset, facets, a
 * search box, and what waits for the viewer. Mount it at `/`.
 *
 * @public
 */
export const dataHomeRouteRef = createRouteRef({
  id: 'data-products:data-home',
});

/**
 * The page `meshport login` opens: hands the signed-in user's token to the CLI on this computer.
 * Mount it at `/meshport/cli-login`.
 *
 * @public
 */
export const cliLoginRouteRef = createRouteRef({
  id: 'data-products:cli-login',
});
