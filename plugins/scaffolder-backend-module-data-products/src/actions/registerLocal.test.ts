import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import path from 'node:path';
import {
  datasetYaml,
  exampleInput,
  mockContext,
  productYaml,
  writeFiles,
} from '../__testUtils__/context';
import { LocalGitRepositories } from '../lib/git';
import { createRegisterLocalAction } from './registerLocal';
import { examples } from './registerLocal.examples';
import { LOCAL_GIT_UPDATED_TOPIC } from './shared';

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'meshport.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

describe('meshport:catalog:register-local', () => {
  const root = createMockDirectory();
  const repositories = new LocalGitRepositories({
    directory: path.join(root.path, 'git'),
  });

  beforeEach(async () => {
    root.clear();
    await writeFiles(path.join(root.path, 'git/checkouts/customer-churn'), {
      'catalog-info.yaml': `${productYaml()}---\n${datasetYaml()}`,
    });
  });

  function setup(options: {
    appearsAfterLooks: number;
    locationExists?: boolean;
  }) {
    const catalog = catalogServiceMock.mock();
    let looks = 0;
    catalog.getEntitiesByRefs.mockImplementation(async ({ entityRefs }) => {
      looks += 1;
      return {
        items: entityRefs.map(ref =>
          looks >= options.appearsAfterLooks
            ? entity(ref.split(':')[0], ref.split('/')[1])
            : null,
        ),
      } as any;
    });
    catalog.refreshEntity.mockImplementation(async () => {
      if (!options.locationExists) {
        throw new NotFoundError('no such entity');
      }
    });
    const events = mockServices.events.mock();
    const action = createRegisterLocalAction({
      repositories,
      catalog,
      auth: mockServices.auth(),
      events,
      waitTimeoutMs: 2_000,
      pollIntervalMs: 10,
    });
    return { action, catalog, events, looks: () => looks };
  }

  it('announces the checkout to the catalog provider and waits until its entities show', async () => {
    const { action, events, catalog, looks } = setup({ appearsAfterLooks: 3 });
    const { ctx, outputs } = mockContext(exampleInput(examples[1]), {
      workspacePath: root.path,
    });
    await action.handler(ctx);
    expect(events.publish).toHaveBeenCalledWith({
      topic: LOCAL_GIT_UPDATED_TOPIC,
      eventPayload: { repoName: 'customer-churn' },
    });
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'location:default/local-git-customer-churn',
      expect.anything(),
    );
    expect(catalog.getEntitiesByRefs).toHaveBeenLastCalledWith(
      {
        entityRefs: [
          'dataproduct:default/customer-churn',
          'dataset:default/churn-scores',
        ],
        fields: ['kind', 'metadata.name'],
      },
      expect.anything(),
    );
    expect(looks()).toBe(3);
    expect(outputs).toEqual({
      entityRef: 'dataproduct:default/customer-churn',
      locationRef: 'location:default/local-git-customer-churn',
      catalogInfoPath: path.join(
        root.path,
        'git/checkouts/customer-churn/catalog-info.yaml',
      ),
    });
  });

  it('waits for the given refs only (the example)', async () => {
    const { action, catalog } = setup({
      appearsAfterLooks: 1,
      locationExists: true,
    });
    const { ctx } = mockContext(exampleInput(examples[0]), {
      workspacePath: root.path,
    });
    await action.handler(ctx);
    expect(catalog.getEntitiesByRefs.mock.calls[0][0].entityRefs).toEqual([
      'dataproduct:default/customer-churn',
    ]);
  });

  it('fails when the entities do not show in time, saying where to look', async () => {
    const { action } = setup({ appearsAfterLooks: Infinity });
    const { ctx } = mockContext(
      { repoName: 'customer-churn' },
      { workspacePath: root.path },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      /did not show in the catalog within 2s; look at the processing errors of location:default\/local-git-customer-churn/,
    );
  });

  it('fails for a repository that was never published', async () => {
    const { action } = setup({ appearsAfterLooks: 1 });
    const { ctx } = mockContext(
      { repoName: 'unknown' },
      { workspacePath: root.path },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'unknown has no catalog-info.yaml in the portal',
    );
  });

  it('registers nothing in a dry run', async () => {
    const { action, events, catalog } = setup({ appearsAfterLooks: 1 });
    const { ctx, outputs } = mockContext(exampleInput(examples[0]), {
      workspacePath: root.path,
      isDryRun: true,
    });
    await action.handler(ctx);
    expect(events.publish).not.toHaveBeenCalled();
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
    expect(outputs.entityRef).toBe('dataproduct:default/customer-churn');
  });

  describe('a repository on GitHub (catalogInfoUrl)', () => {
    const url =
      'https://github.com/acme/customer-churn/blob/main/catalog-info.yaml';

    it('adds the url Location as the user who started the task and waits for the entities', async () => {
      const { action, catalog, events } = setup({ appearsAfterLooks: 2 });
      catalog.addLocation.mockResolvedValue({
        location: { id: 'abc', type: 'url', target: url },
        entities: [],
      } as any);
      const { ctx, outputs } = mockContext(
        {
          repoName: 'customer-churn',
          catalogInfoUrl: url,
          waitFor: ['dataproduct:default/customer-churn'],
        },
        { workspacePath: root.path, userRef: 'user:default/seller' },
      );
      await action.handler(ctx);
      expect(catalog.addLocation).toHaveBeenCalledWith(
        { type: 'url', target: url },
        {
          credentials: expect.objectContaining({
            principal: expect.objectContaining({
              userEntityRef: 'user:default/seller',
            }),
          }),
        },
      );
      expect(events.publish).not.toHaveBeenCalled();
      expect(outputs).toEqual({
        entityRef: 'dataproduct:default/customer-churn',
        locationRef: 'location:default/abc',
        catalogInfoPath: url,
      });
    });

    it('refuses a URL that is not a YAML file on GitHub, naming the field', async () => {
      const { action, catalog } = setup({ appearsAfterLooks: 1 });
      const { ctx } = mockContext(
        { catalogInfoUrl: 'https://evil.example.com/x.yaml' },
        { workspacePath: root.path },
      );
      await expect(action.handler(ctx)).rejects.toThrow(
        'catalogInfoUrl: must be the URL of a YAML file in a GitHub repository',
      );
      expect(catalog.addLocation).not.toHaveBeenCalled();
    });
  });

  it('asks for a repository or a URL', async () => {
    const { action } = setup({ appearsAfterLooks: 1 });
    const { ctx } = mockContext({}, { workspacePath: root.path });
    await expect(action.handler(ctx)).rejects.toThrow(
      'repoName or catalogInfoUrl: give the local repository, or the URL of a catalog-info.yaml on GitHub',
    );
  });
});
