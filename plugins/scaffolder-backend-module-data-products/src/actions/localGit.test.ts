/*
 * meshport:publish:local, meshport:fetch:local, meshport:publish:local:commit
 * and meshport:entities:append against real bare repositories in a temporary
 * folder (the git CLI of the machine).
 */
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  datasetYaml,
  exampleInput,
  MEMBERSHIPS,
  mockContext,
  ownerPermissions,
  productYaml,
  salesProduct,
  teams,
  writeFiles,
} from '../__testUtils__/context';
import { createGitRunner, LocalGitRepositories } from '../lib/git';
import { createAppendEntitiesAction } from './appendEntities';
import { examples as appendExamples } from './appendEntities.examples';
import { createCommitLocalAction } from './commitLocal';
import { examples as commitExamples } from './commitLocal.examples';
import { createFetchLocalAction } from './fetchLocal';
import { examples as fetchExamples } from './fetchLocal.examples';
import { createPublishLocalAction } from './publishLocal';
import { examples as publishExamples } from './publishLocal.examples';

jest.setTimeout(30_000);

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
  }).trim();

describe('local git actions', () => {
  const root = createMockDirectory();
  let workspace: string;
  let repositories: LocalGitRepositories;

  beforeEach(async () => {
    root.clear();
    workspace = path.join(root.path, 'workspace');
    repositories = new LocalGitRepositories({
      directory: path.join(root.path, 'git'),
    });
    await writeFiles(workspace, {
      'catalog-info.yaml': `${productYaml()}---\n${datasetYaml()}`,
      'README.md': '# Customer churn\n',
      'transform/models/churn_scores.sql': 'select 1 as id\n',
    });
  });

  /** The catalog with customer-churn (team-sales) published from `location`, and who may manage it. */
  const catalogWith = (location: string) => {
    const entities = [
      salesProduct({ 'backstage.io/managed-by-location': location }),
      ...teams,
    ];
    return {
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      ...ownerPermissions({ entities, memberships: MEMBERSHIPS }),
    };
  };
  const localLocation = 'meshport-local-git:customer-churn';
  const owners = () => catalogWith(localLocation);

  describe('meshport:publish:local', () => {
    it('creates a bare repository with the workspace as first commit, and a checkout', async () => {
      const action = createPublishLocalAction({ repositories, ...owners() });
      const { ctx, outputs } = mockContext(
        { repoName: 'customer-churn', description: 'Customer churn' },
        { workspacePath: workspace },
      );
      await action.handler(ctx);

      const bare = path.join(root.path, 'git/repos/customer-churn.git');
      const checkout = path.join(root.path, 'git/checkouts/customer-churn');
      expect(outputs).toEqual({
        remoteUrl: `file://${bare}`,
        repoContentsUrl: `file://${checkout}`,
        checkoutPath: checkout,
        catalogInfoPath: path.join(checkout, 'catalog-info.yaml'),
        commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
      });
      expect(git(bare, 'log', '--format=%s', 'main')).toBe(
        'Initial commit: Customer churn',
      );
      expect(
        git(bare, 'ls-tree', '-r', '--name-only', 'main').split('\n'),
      ).toEqual([
        'README.md',
        'catalog-info.yaml',
        'transform/models/churn_scores.sql',
      ]);
      await expect(
        fs.readFile(path.join(checkout, 'catalog-info.yaml'), 'utf8'),
      ).resolves.toContain('name: customer-churn');
    });

    it('refuses to overwrite an existing repository', async () => {
      const action = createPublishLocalAction({ repositories, ...owners() });
      await action.handler(
        mockContext(
          { repoName: 'customer-churn' },
          { workspacePath: workspace },
        ).ctx,
      );
      const other = mockContext(
        { repoName: 'customer-churn' },
        { workspacePath: workspace, taskId: 'task-2' },
      );
      await expect(action.handler(other.ctx)).rejects.toThrow(
        /Repository customer-churn already exists .* never overwritten/,
      );
      // and a dry run says so too, before anything happens
      const dry = mockContext(
        { repoName: 'customer-churn' },
        { workspacePath: workspace, taskId: 'task-2', isDryRun: true },
      );
      await expect(action.handler(dry.ctx)).rejects.toThrow('already exists');
    });

    it('does not create twice when the task is retried', async () => {
      const create = jest.spyOn(repositories, 'create');
      const action = createPublishLocalAction({ repositories, ...owners() });
      const checkpoints = new Map<string, unknown>();
      const first = mockContext(
        { repoName: 'customer-churn' },
        { workspacePath: workspace, checkpoints },
      );
      await action.handler(first.ctx);
      const retry = mockContext(
        { repoName: 'customer-churn' },
        { workspacePath: workspace, checkpoints },
      );
      await action.handler(retry.ctx);
      expect(create).toHaveBeenCalledTimes(1);
      expect(retry.outputs.commitHash).toBe(first.outputs.commitHash);
    });

    it('resumes a repository its own task began (a crash before the checkpoint was stored)', async () => {
      const action = createPublishLocalAction({ repositories, ...owners() });
      const first = mockContext(
        { repoName: 'customer-churn' },
        { workspacePath: workspace },
      );
      await action.handler(first.ctx);
      const again = mockContext(
        { repoName: 'customer-churn' },
        { workspacePath: workspace },
      );
      await action.handler(again.ctx);
      expect(again.outputs.commitHash).toBe(first.outputs.commitHash);
    });

    it('creates nothing in a dry run', async () => {
      const action = createPublishLocalAction({ repositories, ...owners() });
      const { ctx, outputs } = mockContext(
        { repoName: 'customer-churn' },
        { workspacePath: workspace, isDryRun: true },
      );
      await action.handler(ctx);
      expect(outputs.remoteUrl).toBe(repositories.remoteUrl('customer-churn'));
      await expect(fs.access(path.join(root.path, 'git'))).rejects.toThrow();
    });

    it('says clearly when git is missing', async () => {
      const action = createPublishLocalAction({
        ...owners(),
        repositories: new LocalGitRepositories({
          directory: path.join(root.path, 'git'),
          git: createGitRunner('/nonexistent/git'),
        }),
      });
      const { ctx } = mockContext(
        { repoName: 'customer-churn' },
        { workspacePath: workspace },
      );
      await expect(action.handler(ctx)).rejects.toThrow(
        'The git CLI was not found on the portal host',
      );
    });

    it('refuses names that are no repository names', async () => {
      const action = createPublishLocalAction({ repositories, ...owners() });
      const { ctx } = mockContext(
        { repoName: '../etc' },
        { workspacePath: workspace },
      );
      await expect(action.handler(ctx)).rejects.toThrow('repoName: must be');
    });

    it("refuses to publish a spec in another team's name, in a dry run too", async () => {
      const action = createPublishLocalAction({ repositories, ...owners() });
      for (const isDryRun of [true, false]) {
        const { ctx } = mockContext(
          { repoName: 'customer-churn' },
          {
            workspacePath: workspace,
            isDryRun,
            userRef: 'user:default/marketer',
          },
        );
        await expect(action.handler(ctx)).rejects.toThrow(
          'You may not create a data product owned by Team Sales: you are not one of its members.',
        );
      }
      await expect(fs.access(path.join(root.path, 'git'))).rejects.toThrow();
    });

    it('runs its examples', async () => {
      await writeFiles(workspace, {
        'product/catalog-info.yaml': productYaml(),
      });
      const action = createPublishLocalAction({ repositories, ...owners() });
      await action.handler(
        mockContext(exampleInput(publishExamples[0]), {
          workspacePath: workspace,
        }).ctx,
      );
      await fs.rm(path.join(root.path, 'git'), { recursive: true });
      const second = mockContext(exampleInput(publishExamples[1]), {
        workspacePath: workspace,
      });
      await action.handler(second.ctx);
      expect(
        git(
          path.join(root.path, 'git/repos/customer-churn.git'),
          'log',
          '--format=%s',
        ),
      ).toBe('Bootstrap customer-churn from the Meshport wizard');
    });
  });

  describe('fetch, append, commit: adding a dataset to a published product', () => {
    beforeEach(async () => {
      await createPublishLocalAction({ repositories, ...owners() }).handler(
        mockContext(
          { repoName: 'customer-churn' },
          { workspacePath: workspace },
        ).ctx,
      );
    });

    it('fetches the repository of an entity, appends a dataset and pushes one commit', async () => {
      const next = path.join(root.path, 'next');
      await writeFiles(next, {
        'new/dataset.yaml': `---\n${datasetYaml('churn-extra')}`,
      });
      const services = catalogWith(localLocation);
      const fetch = createFetchLocalAction({ repositories, ...services });
      const fetched = mockContext(exampleInput(fetchExamples[0]), {
        workspacePath: next,
      });
      await fetch.handler(fetched.ctx);
      expect(fetched.outputs.repoName).toBe('customer-churn');
      await expect(
        fs.readFile(path.join(next, 'repo/README.md'), 'utf8'),
      ).resolves.toBe('# Customer churn\n');
      await expect(fs.access(path.join(next, 'repo/.git'))).rejects.toThrow();

      const append = createAppendEntitiesAction(services);
      const appended = mockContext(exampleInput(appendExamples[0]), {
        workspacePath: next,
      });
      await append.handler(appended.ctx);
      expect(appended.outputs.entityRefs).toEqual([
        'dataset:default/churn-extra',
      ]);

      const commit = createCommitLocalAction({ repositories, ...services });
      const committed = mockContext(
        {
          repoName: 'customer-churn',
          sourcePath: 'repo',
          commitMessage: 'Add the churn-extra dataset',
        },
        { workspacePath: next },
      );
      await commit.handler(committed.ctx);
      expect(committed.outputs.changed).toBe(true);

      const checkout = path.join(root.path, 'git/checkouts/customer-churn');
      const content = await fs.readFile(
        path.join(checkout, 'catalog-info.yaml'),
        'utf8',
      );
      expect(content.match(/^kind: /gm)).toHaveLength(3);
      expect(content).toContain('name: churn-extra');
      expect(git(checkout, 'log', '--format=%s').split('\n')).toEqual([
        'Add the churn-extra dataset',
        'Initial commit',
      ]);

      // nothing new: no commit
      const again = mockContext(
        {
          repoName: 'customer-churn',
          sourcePath: 'repo',
          commitMessage: 'Add it again',
        },
        { workspacePath: next },
      );
      await commit.handler(again.ctx);
      expect(again.outputs.changed).toBe(false);
      expect(git(checkout, 'log', '--format=%s').split('\n')).toHaveLength(2);
    });

    it('refuses to append a dataset the file already declares', async () => {
      await writeFiles(workspace, { 'new.yaml': datasetYaml() });
      const { ctx } = mockContext(
        { from: 'new.yaml', to: 'catalog-info.yaml' },
        { workspacePath: workspace, isDryRun: true },
      );
      await expect(
        createAppendEntitiesAction(catalogWith(localLocation)).handler(ctx),
      ).rejects.toThrow(
        'catalog-info.yaml already declares dataset:default/churn-scores',
      );
    });

    it('refuses entities that do not come from a local repository', async () => {
      const fetch = createFetchLocalAction({
        repositories,
        ...catalogWith(
          'url:https://github.com/acme/churn/blob/main/catalog-info.yaml',
        ),
      });
      const { ctx } = mockContext(
        { entityRef: 'dataproduct:default/customer-churn' },
        { workspacePath: workspace },
      );
      await expect(fetch.handler(ctx)).rejects.toThrow(
        /^Customer churn was not published to a local repository on this portal, so the portal cannot commit to it: add the dataset in its own repository \(url:https:\/\/github.com\/acme\/churn\/blob\/main\/catalog-info.yaml\) instead$/,
      );
    });

    it('fetches by name in a dry run (read-only) and commits nothing in a dry run', async () => {
      const services = catalogWith('file:/elsewhere');
      const fetch = createFetchLocalAction({ repositories, ...services });
      const next = path.join(root.path, 'next');
      const fetched = mockContext(exampleInput(fetchExamples[1]), {
        workspacePath: next,
        isDryRun: true,
      });
      await fetch.handler(fetched.ctx);
      await expect(
        fs.readFile(path.join(next, 'repo/catalog-info.yaml'), 'utf8'),
      ).resolves.toContain('customer-churn');

      await writeFiles(next, { 'repo/NEW.md': 'new' });
      const commit = createCommitLocalAction({ repositories, ...services });
      const dry = mockContext(exampleInput(commitExamples[0]), {
        workspacePath: next,
        isDryRun: true,
      });
      await commit.handler(dry.ctx);
      expect(dry.outputs.changed).toBe(true);
      const bare = path.join(root.path, 'git/repos/customer-churn.git');
      expect(git(bare, 'log', '--format=%s').split('\n')).toHaveLength(1);

      // the example for real: one more commit
      await commit.handler(
        mockContext(exampleInput(commitExamples[0]), { workspacePath: next })
          .ctx,
      );
      expect(git(bare, 'log', '--format=%s', '-1')).toBe(
        'Add the churn-scores dataset',
      );
    });

    it('commits once when the task is retried', async () => {
      const commit = createCommitLocalAction({
        repositories,
        ...catalogWith(localLocation),
      });
      const commitSpy = jest.spyOn(repositories, 'commit');
      const checkpoints = new Map<string, unknown>();
      await writeFiles(workspace, { 'NOTES.md': 'x' });
      for (let i = 0; i < 2; i++) {
        await commit.handler(
          mockContext(
            { repoName: 'customer-churn', commitMessage: 'notes' },
            { workspacePath: workspace, checkpoints },
          ).ctx,
        );
      }
      expect(commitSpy).toHaveBeenCalledTimes(1);
    });

    // Hole 2 of issue #11: a member of team-marketing added a dataset to team-sales' product.
    describe('as a user who does not own the product', () => {
      const marketer = 'user:default/marketer';
      const bare = () => path.join(root.path, 'git/repos/customer-churn.git');
      const refusal =
        'You may not change the data product Customer churn: it is owned by Team Sales. Only its owners and Meshport admins may add to its repository.';

      it('refuses to fetch the repository, by entity or by name', async () => {
        const fetch = createFetchLocalAction({
          repositories,
          ...catalogWith(localLocation),
        });
        const next = path.join(root.path, 'next');
        for (const input of [
          { entityRef: 'dataproduct:default/customer-churn' },
          { repoName: 'customer-churn' },
        ]) {
          const { ctx } = mockContext(input, {
            workspacePath: next,
            userRef: marketer,
          });
          await expect(fetch.handler(ctx)).rejects.toThrow(refusal);
        }
        await expect(fs.readdir(next)).rejects.toThrow();
      });

      it('refuses to append a dataset to it', async () => {
        await writeFiles(workspace, {
          'new.yaml': datasetYaml('churn-extra'),
        });
        const { ctx } = mockContext(
          { from: 'new.yaml', to: 'catalog-info.yaml' },
          { workspacePath: workspace, userRef: marketer },
        );
        await expect(
          createAppendEntitiesAction(catalogWith(localLocation)).handler(ctx),
        ).rejects.toThrow(refusal);
        await expect(
          fs.readFile(path.join(workspace, 'catalog-info.yaml'), 'utf8'),
        ).resolves.not.toContain('churn-extra');
      });

      it('refuses to commit to its repository, in a dry run too, and writes nothing', async () => {
        await writeFiles(workspace, { 'NOTES.md': 'planted' });
        const commit = createCommitLocalAction({
          repositories,
          ...catalogWith(localLocation),
        });
        for (const isDryRun of [true, false]) {
          const { ctx } = mockContext(
            { repoName: 'customer-churn', commitMessage: 'planted' },
            { workspacePath: workspace, userRef: marketer, isDryRun },
          );
          await expect(commit.handler(ctx)).rejects.toThrow(refusal);
        }
        expect(git(bare(), 'log', '--format=%s').split('\n')).toEqual([
          'Initial commit',
        ]);
      });

      it('lets a Meshport admin commit', async () => {
        const entities = [salesProduct(), ...teams];
        const commit = createCommitLocalAction({
          repositories,
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          ...ownerPermissions({
            entities,
            memberships: MEMBERSHIPS,
            admins: [marketer],
          }),
        });
        await writeFiles(workspace, { 'NOTES.md': 'by an admin' });
        await commit.handler(
          mockContext(
            { repoName: 'customer-churn', commitMessage: 'admin notes' },
            { workspacePath: workspace, userRef: marketer },
          ).ctx,
        );
        expect(git(bare(), 'log', '--format=%s', '-1')).toBe('admin notes');
      });
    });
  });
});
