import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import path from 'node:path';
import { LocalGitLocationsProvider } from './LocalGitLocationsProvider';

describe('LocalGitLocationsProvider', () => {
  const dir = createMockDirectory();

  it('provides one meshport-local-git Location per checkout with a catalog-info.yaml', async () => {
    dir.setContent({
      'checkouts/customer-churn/catalog-info.yaml': 'kind: DataProduct',
      'checkouts/half-done/README.md': '# no catalog-info yet',
      'checkouts/Not_A_Repo!/catalog-info.yaml': 'x',
      'repos/customer-churn.git/HEAD': 'ref: refs/heads/main',
    });
    const provider = new LocalGitLocationsProvider({
      directory: dir.path,
      logger: mockServices.logger.mock(),
    });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await provider.connect(connection);

    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [
        {
          locationKey: 'meshport-local-git:customer-churn',
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Location',
            metadata: {
              name: 'local-git-customer-churn',
              description:
                'catalog-info.yaml of the local git repository customer-churn',
              annotations: {
                'backstage.io/managed-by-location':
                  'meshport-local-git:customer-churn',
                'backstage.io/managed-by-origin-location':
                  'meshport-local-git:customer-churn',
                'meshport.io/local-git-repository': 'customer-churn',
              },
            },
            spec: { type: 'meshport-local-git', target: 'customer-churn' },
          },
        },
      ],
    });

    // a new checkout shows on the next refresh (the register action's event)
    dir.addContent({
      'checkouts/orders/catalog-info.yaml': 'kind: DataProduct',
    });
    await provider.refresh();
    expect(
      connection.applyMutation.mock.calls[1][0].entities.map(
        (e: any) => e.entity.metadata.name,
      ),
    ).toEqual(['local-git-customer-churn', 'local-git-orders']);
  });

  it('provides nothing while no repository was published', async () => {
    dir.clear();
    const provider = new LocalGitLocationsProvider({
      directory: path.join(dir.path, 'missing'),
      logger: mockServices.logger.mock(),
    });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await provider.connect(connection);
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [],
    });
  });
});
