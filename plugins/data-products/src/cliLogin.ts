/*
 * The CLI sign-in page for the legacy frontend system (the new one: `cliLoginPage` in alpha.tsx).
 */
import { createRoutableExtension } from '@backstage/core-plugin-api';
import { dataProductsPlugin } from './plugin';
import { cliLoginRouteRef } from './routes';

/**
 * The page `meshport login` opens: after the portal's sign-in it shows which CLI asks and, on
 * the user's click, sends the user's token to the CLI's loopback address only. Mount it at
 * `/meshport/cli-login`: `<Route path="/meshport/cli-login" element={<CliLoginPage />} />`.
 *
 * @public
 */
export const CliLoginPage = dataProductsPlugin.provide(
  createRoutableExtension({
    name: 'CliLoginPage',
    component: () =>
      import('./components/CliLoginPage').then(m => m.CliLoginPage),
    mountPoint: cliLoginRouteRef,
  }),
);
