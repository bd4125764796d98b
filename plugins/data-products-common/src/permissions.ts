/*
 * Permissions of the data-products plugin. The resource permissions apply to
 * the DataProduct catalog entity, so a portal's policy can use the catalog's
 * conditional rules (e.g. `isEntityOwner`) to let a product's owners see and
 * run its provisioning without platform rights.
 */
import {
  createPermission,
  type Permission,
} from '@backstage/plugin-permission-common';

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

/**
 * Ask for access to a dataset on behalf of a consuming data product (create or renew a request).
 * Checked against the consuming DataProduct entity: the portal's policy lets
 * its owners (`isEntityOwner`) do it.
 */
export const dataProductsAccessRequestCreatePermission = createPermission({
  name: 'data-products.access-request.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * See access requests, their history and who consumes what. A basic
 * permission: the portal's policy allows it to every signed-in user, so that
 * consumers and owners alike see a dataset's consumers (the mesh is
 * transparent); a stricter portal can deny it.
 */
export const dataProductsAccessRequestReadPermission = createPermission({
  name: 'data-products.access-request.read',
  attributes: { action: 'read' },
});

/**
 * Approve or deny a request for a dataset. Checked against the Dataset
 * entity: the portal's policy lets the dataset's owners (`isEntityOwner`) do
 * it. Nobody decides their own request, whatever the policy says.
 */
export const dataProductsAccessRequestDecidePermission = createPermission({
  name: 'data-products.access-request.decide',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/** Revoke a granted access to a dataset. Checked against the Dataset entity (owners by policy). */
export const dataProductsAccessGrantRevokePermission = createPermission({
  name: 'data-products.access-grant.revoke',
  attributes: { action: 'delete' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Push SLO measurements (updates, availability checks) of a dataset. Checked
 * against the Dataset entity (owners by policy); pipelines calling with a
 * service token are allowed by the framework.
 */
export const dataProductsSloMeasurementCreatePermission = createPermission({
  name: 'data-products.slo.measurement.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/** Start, confirm or cancel the retirement of a data product. Checked against the DataProduct entity (owners by policy). */
export const dataProductsRetirementManagePermission = createPermission({
  name: 'data-products.retirement.manage',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Send OpenLineage events (pipelines, with a service or external-access
 * token; users in tests). Not tied to an entity: events name datasets that
 * may not be in the catalog at all.
 */
export const dataProductsLineageEventCreatePermission = createPermission({
  name: 'data-products.lineage.event.create',
  attributes: { action: 'create' },
});

/**
 * The resource permissions a portal's policy should grant to the entity's
 * owners through the catalog's `isEntityOwner` rule (a conditional decision).
 */
export const dataProductsOwnerPermissions = [
  dataProductsProvisioningRunPermission,
  dataProductsAccessRequestCreatePermission,
  dataProductsAccessRequestDecidePermission,
  dataProductsAccessGrantRevokePermission,
  dataProductsSloMeasurementCreatePermission,
  dataProductsRetirementManagePermission,
];

/** Every permission of the data-products plugin. */
export const dataProductsPermissions: Permission[] = [
  dataProductsProvisioningReadPermission,
  dataProductsProvisioningRunPermission,
  dataProductsProvisioningAdminPermission,
  dataProductsAccessRequestReadPermission,
  dataProductsAccessRequestCreatePermission,
  dataProductsAccessRequestDecidePermission,
  dataProductsAccessGrantRevokePermission,
  dataProductsSloMeasurementCreatePermission,
  dataProductsRetirementManagePermission,
  dataProductsLineageEventCreatePermission,
];
