/*
 * Meshport's permission rules as pure functions, for the policy of this
 * module and for portals that have a policy of their own:
 *
 * - Meshport admins (`meshport.admins`: users or groups) may do everything.
 * - An entity's owners get the Meshport owner permissions on it, as a
 *   conditional decision the catalog evaluates with its `IS_ENTITY_OWNER`
 *   rule, so ownership is always the catalog's current view: reconcile a
 *   product, request access for a product they own, decide on and revoke
 *   access to a dataset they own, push its SLO measurements, retire it.
 * - Platform-wide provisioning (runs over the whole mesh, every run, the
 *   Terraform export) is for admins only.
 * - Every other Meshport permission (reading) is allowed; permissions
 *   Meshport does not govern get no decision here.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  dataProductsOwnerPermissions,
  dataProductsPermissions,
  dataProductsProvisioningAdminPermission,
} from '@meshport/plugin-data-products-common';

/**
 * Reads `meshport.admins` as full entity refs (`group:default/data-platform`); the kind defaults
 * to Group.
 *
 * @public
 */
export function readMeshportAdmins(config: Config): string[] {
  return (config.getOptionalStringArray('meshport.admins') ?? []).map(ref =>
    stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ),
  );
}

/**
 * Whether the permission is one of the data-products plugin's.
 *
 * @public
 */
export function isMeshportPermission(permission: Permission): boolean {
  return dataProductsPermissions.some(p => isPermission(permission, p));
}

/**
 * Whether the user's ownership refs (their own ref and their groups) include a Meshport admin.
 *
 * @public
 */
export function isMeshportAdmin(
  ownershipEntityRefs: string[],
  admins: string[],
): boolean {
  return ownershipEntityRefs.some(ref => admins.includes(ref));
}

/**
 * The catalog's conditional decision "the user owns the entity": the catalog resolves it against
 * the entity's current `ownedBy` relations.
 *
 * @public
 */
export function createEntityOwnerDecision(
  claims: string[],
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims },
    },
  };
}

/**
 * Meshport's decision on a permission, or `undefined` when Meshport does not govern it (the
 * portal's own policy decides those). `ownershipEntityRefs` are the user's (empty without one).
 *
 * @public
 */
export function decideMeshportPermission(
  permission: Permission,
  options: { ownershipEntityRefs: string[]; admins: string[] },
): PolicyDecision | undefined {
  if (!isMeshportPermission(permission)) {
    return undefined;
  }
  if (isMeshportAdmin(options.ownershipEntityRefs, options.admins)) {
    return { result: AuthorizeResult.ALLOW };
  }
  if (isPermission(permission, dataProductsProvisioningAdminPermission)) {
    return { result: AuthorizeResult.DENY };
  }
  const isOwnerPermission = dataProductsOwnerPermissions.some(p =>
    isPermission(permission, p),
  );
  if (isOwnerPermission) {
    return isResourcePermission(permission, 'catalog-entity')
      ? createEntityOwnerDecision(options.ownershipEntityRefs)
      : { result: AuthorizeResult.DENY };
  }
  return { result: AuthorizeResult.ALLOW };
}
