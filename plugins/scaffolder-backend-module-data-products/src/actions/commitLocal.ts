import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { REPO_NAME_PATTERN } from '../lib/git';
import { examples } from './commitLocal.examples';
import { requireManageRepository } from './ownership';
import { commitAuthor, DataProductsActionsOptions } from './shared';

/**
 * `meshport:publish:local:commit`: commits workspace files over an existing
 * local repository's default branch and pushes; the portal's checkout
 * follows. No commit when nothing changed. Only the owners of the product the
 * repository holds (and admins) may commit.
 */
export function createCommitLocalAction(
  options: Pick<
    DataProductsActionsOptions,
    'repositories' | 'catalog' | 'auth' | 'permissions' | 'userInfo'
  >,
) {
  const { repositories } = options;
  return createTemplateAction({
    id: 'meshport:publish:local:commit',
    description:
      'Commits workspace files to an existing repository on the portal host and pushes them (files not in the workspace folder stay as they are)',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z => z.string().regex(REPO_NAME_PATTERN),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace subfolder with the files; default the workspace',
            ),
        commitMessage: z => z.string().min(1),
      },
      output: {
        remoteUrl: z => z.string(),
        commitHash: z => z.string(),
        changed: z =>
          z.boolean().describe('False when there was nothing to commit'),
      },
    },
    async handler(ctx) {
      const { repoName, commitMessage } = ctx.input;
      const sourceDir = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      // The repository's product as it is now: its owners and admins may change it.
      await requireManageRepository(options, ctx, repoName);
      if (ctx.isDryRun) {
        await repositories.ensureGitAvailable();
        ctx.logger.info(
          `Dry run: would commit "${commitMessage}" to ${repoName}`,
        );
        ctx.output('remoteUrl', repositories.remoteUrl(repoName));
        ctx.output('commitHash', '0000000000000000000000000000000000000000');
        ctx.output('changed', true);
        return;
      }
      const result = await ctx.checkpoint({
        key: `meshport.publish.local.commit.${repoName}.${ctx.step?.id ?? ''}`,
        fn: async () => {
          const committed = await repositories.commit({
            name: repoName,
            sourceDir,
            message: commitMessage,
            author: commitAuthor(ctx.user),
          });
          return {
            commitHash: committed.commitHash,
            changed: committed.changed,
          };
        },
      });
      ctx.logger.info(
        result.changed
          ? `Pushed ${result.commitHash.slice(0, 8)} to ${repoName}`
          : `Nothing changed in ${repoName}; no commit`,
      );
      ctx.output('remoteUrl', repositories.remoteUrl(repoName));
      ctx.output('commitHash', result.commitHash);
      ctx.output('changed', result.changed);
    },
  });
}
