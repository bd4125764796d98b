import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  dataProductsAccessGrantRevokePermission,
  dataProductsAccessRequestDecidePermission,
  dataProductsAccessRequestReadPermission,
  dataProductsProvisioningAdminPermission,
  dataProductsRetirementManagePermission,
} from '@meshport/plugin-data-products-common';
import {
  decideMeshportPermission,
  isMeshportPermission,
  readMeshportAdmins,
} from './rules';

const admins = ['group:default/data-platform'];
const bob = ['user:default/bob', 'group:default/team-finance'];

describe('decideMeshportPermission', () => {
  it('gives the owner permissions to the entity owners only (the catalog decides)', () => {
    for (const permission of [
      dataProductsAccessRequestDecidePermission,
      dataProductsAccessGrantRevokePermission,
      dataProductsRetirementManagePermission,
    ]) {
      expect(
        decideMeshportPermission(permission, {
          ownershipEntityRefs: bob,
          admins,
        }),
      ).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: bob },
        },
      });
    }
  });

  it('allows admins everything, platform-wide provisioning included', () => {
    expect(
      decideMeshportPermission(dataProductsProvisioningAdminPermission, {
        ownershipEntityRefs: ['user:default/dana', ...admins],
        admins,
      }),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      decideMeshportPermission(dataProductsProvisioningAdminPermission, {
        ownershipEntityRefs: bob,
        admins,
      }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows reading; has no opinion on permissions it does not govern', () => {
    expect(
      decideMeshportPermission(dataProductsAccessRequestReadPermission, {
        ownershipEntityRefs: [],
        admins,
      }),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    const other = createPermission({
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
    });
    expect(isMeshportPermission(other)).toBe(false);
    expect(
      decideMeshportPermission(other, { ownershipEntityRefs: bob, admins }),
    ).toBeUndefined();
  });

  it('reads meshport.admins as full refs, the kind defaulting to Group', () => {
    expect(
      readMeshportAdmins(
        mockServices.rootConfig({
          data: { meshport: { admins: ['data-platform', 'user:dana'] } },
        }),
      ),
    ).toEqual(['group:default/data-platform', 'user:default/dana']);
  });
});
