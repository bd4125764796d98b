/*
 * Permissions of the data-products plugin. The resource permissions apply to
 * the DataProduct catalog entity, so a portal's policy can use the catalog's
 * conditional rules (e.g. `isEntityOwner`) to let a product's owners see and
 * run its provisioning without platform rights.
 */
import { createPermission } from '@backstage/plugin-permission-common';

/** The catalog's resource type (`RESOURCE_TYPE_CATALOG_ENTITY` of `@backstage/plugin-catalog-common`). */
const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/**
 * See a data product's provisioning: its planned resources, pending
 * operations and runs. Checked against the DataProduct entity.
 */
export const dataProductsProvisioningReadPermission = createPermission({
  name: 'data-products.provisioning.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/** Start a provisioning run for one data product. Checked against the DataProduct entity. */
export const dataProductsProvisioningRunPermission = createPermission({
  name: 'data-products.provisioning.run',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Platform-wide provisioning: runs over the whole mesh, the list of all runs,
 * every run's operations, and the export of the desired state.
 */
export const dataProductsProvisioningAdminPermission = createPermission({
  name: 'data-products.provisioning.admin',
  attributes: { action: 'update' },
});

/** Every permission of the data-products plugin. */
export const dataProductsPermissions = [
  dataProductsProvisioningReadPermission,
  dataProductsProvisioningRunPermission,
  dataProductsProvisioningAdminPermission,
];
