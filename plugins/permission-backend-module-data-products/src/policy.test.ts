import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  dataProductsAccessRequestDecidePermission,
  dataProductsProvisioningAdminPermission,
  dataProductsProvisioningRunPermission,
} from '@meshport/plugin-data-products-common';
import { MeshportPermissionPolicy } from './policy';
import { readMeshportAdmins } from './rules';

describe('MeshportPermissionPolicy', () => {
  const admins = readMeshportAdmins(
    mockServices.rootConfig({
      data: { meshport: { admins: ['data-platform'] } },
    }),
  );
  const policy = new MeshportPermissionPolicy({
    admins,
    userInfo: mockServices.userInfo(),
  });
  // mockServices.userInfo gives a user ownership of just their own user entity
  const userOf = (ref: string) => ({
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [ref] },
  });
  const policyWith = (ownership: Record<string, string[]>) =>
    new MeshportPermissionPolicy({
      admins,
      userInfo: {
        async getUserInfo(credentials: any) {
          const ref = credentials.principal.userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: ownership[ref] ?? [ref],
          };
        },
      },
    });

  it('reads admins as full group refs', () => {
    expect(admins).toEqual(['group:default/data-platform']);
  });

  it('lets a product owner reconcile only the products they own (catalog condition)', async () => {
    const decision = await policy.handle(
      { permission: dataProductsProvisioningRunPermission },
      userOf('user:default/alice'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/alice'] },
      },
    });
  });

  it('keeps platform-wide provisioning for admins', async () => {
    const members = policyWith({
      'user:default/dana': ['user:default/dana', 'group:default/data-platform'],
    });
    await expect(
      members.handle(
        { permission: dataProductsProvisioningAdminPermission },
        userOf('user:default/alice'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      members.handle(
        { permission: dataProductsProvisioningAdminPermission },
        userOf('user:default/dana'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      members.handle(
        { permission: dataProductsProvisioningRunPermission },
        userOf('user:default/dana'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies platform-wide provisioning to callers without a user', async () => {
    await expect(
      policy.handle({ permission: dataProductsProvisioningAdminPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows what Meshport does not govern, as a default portal does', async () => {
    const other = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    await expect(
      policy.handle({ permission: other }, userOf('user:default/alice')),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('hands permissions Meshport does not govern to the fallback policy', async () => {
    const strict = new MeshportPermissionPolicy({
      admins,
      userInfo: mockServices.userInfo(),
      fallback: { handle: async () => ({ result: AuthorizeResult.DENY }) },
    });
    const other = createPermission({
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
    });
    await expect(
      strict.handle({ permission: other }, userOf('user:default/alice')),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    // Meshport's own permissions still follow Meshport's rules
    await expect(
      strict.handle(
        { permission: dataProductsAccessRequestDecidePermission },
        userOf('user:default/alice'),
      ),
    ).resolves.toMatchObject({ result: AuthorizeResult.CONDITIONAL });
  });
});
