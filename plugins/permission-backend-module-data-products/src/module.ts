import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MeshportPermissionPolicy } from './policy';
import { readMeshportAdmins } from './rules';

/**
 * Installs Meshport's permission policy (owners and `meshport.admins`; everything else allowed)
 * for a portal without a policy of its own. A portal with its own policy uses the exported rules
 * instead (see the README): the permission backend accepts one policy.
 *
 * @public
 */
export const permissionModuleDataProductsPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'data-products-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        const admins = readMeshportAdmins(config);
        logger.info(
          `Meshport permission policy: owners decide on their products and datasets; admins: ${
            admins.join(', ') || 'none (set meshport.admins)'
          }`,
        );
        policy.setPolicy(new MeshportPermissionPolicy({ admins, userInfo }));
      },
    });
  },
});
