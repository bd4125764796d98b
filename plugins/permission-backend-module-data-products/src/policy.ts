import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { decideMeshportPermission, isMeshportAdmin } from './rules';

/**
 * Meshport's permission policy: Meshport's rules for its own permissions; for every other
 * permission, admins are allowed and the rest goes to `fallback` (default: allow, as a stock
 * portal does).
 *
 * @public
 */
export class MeshportPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      admins: string[];
      userInfo: UserInfoService;
      /** Decides the permissions Meshport does not govern; default allow. */
      fallback?: PermissionPolicy;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ownershipEntityRefs = user
      ? (await this.options.userInfo.getUserInfo(user.credentials))
          .ownershipEntityRefs
      : [];
    const decision = decideMeshportPermission(request.permission, {
      ownershipEntityRefs,
      admins: this.options.admins,
    });
    if (decision) {
      return decision;
    }
    if (isMeshportAdmin(ownershipEntityRefs, this.options.admins)) {
      return { result: AuthorizeResult.ALLOW };
    }
    return this.options.fallback
      ? this.options.fallback.handle(request, user)
      : { result: AuthorizeResult.ALLOW };
  }
}
