import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import path from 'node:path';
import { REPO_NAME_PATTERN } from '../lib/git';
import { examples } from './publishLocal.examples';
import { OwnershipOptions, requireOwnersOfSpec } from './ownership';
import {
  commitAuthor,
  DataProductsActionsOptions,
  DEFAULT_CATALOG_INFO,
} from './shared';

/**
 * `meshport:publish:local`: publishes the workspace as a new bare git
 * repository on the portal host, the embedded default where no GitHub is
 * configured. Never overwrites an existing repository, and publishes a spec
 * only in the name of the user's own groups (admins: any).
 */
export function createPublishLocalAction(
  options: OwnershipOptions & Pick<DataProductsActionsOptions, 'repositories'>,
) {
  const { repositories } = options;
  return createTemplateAction({
    id: 'meshport:publish:local',
    description:
      'Creates a bare git repository on the portal host (meshport.scaffolder.localGit.directory) with the workspace as its first commit, and keeps a checkout of it for the catalog. Refuses an existing repository.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .regex(REPO_NAME_PATTERN)
            .describe(
              'Repository name: lowercase letters, digits, ".", "_" and "-"',
            ),
        description: z =>
          z.string().optional().describe('What the repository holds'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace subfolder to publish; default the whole workspace',
            ),
        defaultBranch: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/)
            .optional()
            .describe('Default branch; default main'),
        commitMessage: z =>
          z.string().optional().describe('Message of the first commit'),
      },
      output: {
        remoteUrl: z =>
          z
            .string()
            .describe('file:// URL of the bare repository (git clone it)'),
        repoContentsUrl: z =>
          z.string().describe("file:// URL of the portal's checkout"),
        checkoutPath: z =>
          z.string().describe("Absolute path of the portal's checkout"),
        catalogInfoPath: z =>
          z
            .string()
            .describe("Absolute path of the checkout's catalog-info.yaml"),
        commitHash: z => z.string().describe('The first commit'),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      const defaultBranch = ctx.input.defaultBranch ?? 'main';
      const sourceDir = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const checkoutPath = repositories.checkoutPath(repoName);
      const outputs = (commitHash: string) => {
        ctx.output('remoteUrl', repositories.remoteUrl(repoName));
        ctx.output('repoContentsUrl', `file://${checkoutPath}`);
        ctx.output('checkoutPath', checkoutPath);
        ctx.output(
          'catalogInfoPath',
          path.join(checkoutPath, DEFAULT_CATALOG_INFO),
        );
        ctx.output('commitHash', commitHash);
      };

      // Only in the name of the user's own groups (admins: any).
      await requireOwnersOfSpec(
        options,
        ctx,
        path.join(sourceDir, DEFAULT_CATALOG_INFO),
      );
      if (ctx.isDryRun) {
        // Checks what would stop the real run; creates nothing.
        await repositories.ensureGitAvailable();
        if (await repositories.exists(repoName)) {
          throw new ConflictError(
            `Repository ${repoName} already exists at ${repositories.repositoryPath(
              repoName,
            )}; choose another name (existing repositories are never overwritten)`,
          );
        }
        ctx.logger.info(
          `Dry run: would create ${repositories.repositoryPath(
            repoName,
          )} on branch ${defaultBranch}`,
        );
        outputs('0000000000000000000000000000000000000000');
        return;
      }

      // A retried task gets the stored result instead of creating it again.
      const published = await ctx.checkpoint({
        key: `meshport.publish.local.${repoName}`,
        fn: async () => {
          const result = await repositories.create({
            name: repoName,
            sourceDir,
            message:
              ctx.input.commitMessage ??
              `Initial commit${
                ctx.input.description ? `: ${ctx.input.description}` : ''
              }`,
            author: commitAuthor(ctx.user),
            defaultBranch,
            taskId: ctx.task.id,
          });
          return { commitHash: result.commitHash };
        },
      });
      ctx.logger.info(
        `Published ${repoName} (${published.commitHash.slice(
          0,
          8,
        )}) to ${repositories.repositoryPath(repoName)}`,
      );
      outputs(published.commitHash);
    },
  });
}
