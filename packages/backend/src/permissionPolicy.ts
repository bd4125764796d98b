/*
 * The portal's permission policy.
 *
 * - Meshport admins (`meshport.admins`: users or groups) may do everything.
 * - An entity's owners get the Meshport owner permissions on it (a conditional decision the
 *   catalog evaluates with its `isEntityOwner` rule, so ownership is always the catalog's current
 *   view): reconcile a product's provisioning, request access for a product they own, decide and
 *   revoke access to a dataset they own, push its SLO measurements, retire a product.
 * - Platform-wide provisioning (runs over the whole mesh, every run, the Terraform export) is for
 *   admins only.
 * - Everything else is allowed, as in a default Backstage portal.
 */
import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  dataProductsProvisioningAdminPermission,
  dataProductsOwnerPermissions,
} from '@meshport/plugin-data-products-common';

/** Reads `meshport.admins` as full entity refs (`group:default/data-platform`). */
export function readMeshportAdmins(config: Config): string[] {
  return (config.getOptionalStringArray('meshport.admins') ?? []).map(ref =>
    stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'group' })),
  );
}

export class MeshportPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly admins: string[],
    private readonly userInfo: UserInfoService,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user
      ? (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];
    if (claims.some(ref => this.admins.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isPermission(request.permission, dataProductsProvisioningAdminPermission)
    ) {
      return { result: AuthorizeResult.DENY };
    }
    const ownerPermission = dataProductsOwnerPermissions.find(permission =>
      isPermission(request.permission, permission),
    );
    if (
      ownerPermission &&
      isResourcePermission(request.permission, 'catalog-entity')
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'meshport-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new MeshportPermissionPolicy(readMeshportAdmins(config), userInfo),
        );
      },
    });
  },
});
