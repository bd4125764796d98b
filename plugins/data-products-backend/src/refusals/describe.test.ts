import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { permissionRefusal } from './describe';

const entities = [
  {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'Dataset',
    metadata: { name: 'shipments', namespace: 'default', title: 'Shipments' },
    spec: { owner: 'group:default/team-logistics' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-logistics' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-logistics',
      namespace: 'default',
      title: 'Logistics',
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'meshport.io/v1alpha1',
    kind: 'DataProduct',
    metadata: { name: 'orders', namespace: 'default' },
    spec: { owner: 'user:erin' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'erin', namespace: 'default' },
    spec: { profile: { displayName: 'Erin Example' } },
  },
];

describe('permissionRefusal', () => {
  const catalog = catalogServiceMock({ entities });
  const credentials = mockCredentials.user('user:default/mallory');

  it('names the entity and its owning team by title, never a ref or a permission name', async () => {
    const error = await permissionRefusal(
      catalog,
      credentials,
      'data-products.access-request.decide',
      ['dataset:default/shipments'],
    );
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      'Only the owners of Shipments — Logistics team — or a Meshport admin can decide requests for it.',
    );
  });

  it('reads spec.owner when there are no relations, and a person by their display name', async () => {
    const error = await permissionRefusal(
      catalog,
      credentials,
      'data-products.provisioning.run',
      ['dataproduct:default/orders'],
    );
    expect(error.message).toBe(
      'Only the owners of orders — Erin Example — or a Meshport admin can reconcile it.',
    );
  });

  it('an entity the catalog does not know reads by its name', async () => {
    const error = await permissionRefusal(
      catalog,
      credentials,
      'data-products.retirement.manage',
      ['dataproduct:default/gone'],
    );
    expect(error.message).toBe(
      'Only the owners of gone or a Meshport admin can retire it or change its retirement.',
    );
  });

  it('still refuses in words when the catalog is down', async () => {
    const down = {
      getEntitiesByRefs: jest.fn().mockRejectedValue(new Error('ECONNREFUSED')),
    };
    const error = await permissionRefusal(
      down,
      credentials,
      'data-products.access-grant.revoke',
      ['dataset:default/shipments'],
    );
    expect(error.message).toBe(
      'Only the owners of shipments or a Meshport admin can revoke access to it.',
    );
  });
});
