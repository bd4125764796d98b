/*
 * The Meshport portal backend: Backstage core plugins plus the Meshport plugins.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  searchModuleDataProductsCollator,
  searchModuleDataProductsEngine,
} from '@meshport/plugin-search-backend-module-data-products';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for the embedded default (see app-config.yaml)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// auth: sign-in as one of the sample users (development only; see app-config.yaml)
backend.add(import('./sampleUsersAuth'));

// catalog, with the DataProduct and Dataset kinds
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@meshport/plugin-catalog-backend-module-data-products'));
// `meshport apply <folder>` on this machine: file locations (meshport.catalog.allowedLocationTypes)
backend.add(import('./catalogLocationTypes'));

// data products: provisioning runs (and, as they land, access requests, SLOs, retirement),
// with AWS as the platform provisioner (plan mode by default: no cloud calls)
backend.add(import('@meshport/plugin-data-products-backend'));
backend.add(import('@meshport/plugin-data-products-backend-module-aws'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Meshport actions (validate, publish to a local git repository, register, bootstrap roles) and the
// catalog provider of the local repositories
backend.add(import('@meshport/plugin-scaffolder-backend-module-data-products'));

// permissions: Meshport's policy (owners and meshport.admins), from its permission module
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@meshport/plugin-permission-backend-module-data-products'));

// search (the catalog collator)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
// Meshport: DataProducts and Datasets with their columns, found by column name; the engine is
// PostgreSQL search when the database is PostgreSQL, Lunr (in memory) on the embedded default
backend.add(searchModuleDataProductsCollator);
backend.add(searchModuleDataProductsEngine);

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
