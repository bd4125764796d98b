/*
 * The Meshport portal on Backstage's new frontend system: the plugins' `/alpha` features, so the
 * browser tests exercise what a portal on the new frontend system installs. Meshport's cards, tabs,
 * the Access requests page and the wizard's fields all come from
 * `@meshport/plugin-data-products/alpha`; `modules/appModule` adds the sign-in page and the sidebar.
 * The legacy composition (components/catalog/EntityPage.tsx, DataProductPages.tsx) stays as the
 * legacy install guide's source and is covered by the adoption test.
 */
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import dataProductsPlugin from '@meshport/plugin-data-products/alpha';
import { appModule } from './modules/appModule';
import {
  catalogColumnsModule,
  catalogGraphRelationsModule,
} from './modules/catalogModules';

export default createApp({
  features: [
    catalogPlugin,
    catalogGraphPlugin,
    catalogImportPlugin,
    scaffolderPlugin,
    orgPlugin,
    searchPlugin,
    userSettingsPlugin,
    notificationsPlugin,
    signalsPlugin,
    dataProductsPlugin,
    appModule,
    catalogColumnsModule,
    catalogGraphRelationsModule,
  ],
});
