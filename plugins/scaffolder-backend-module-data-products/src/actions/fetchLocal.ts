import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { REPO_NAME_PATTERN } from '../lib/git';
import { examples } from './fetchLocal.examples';
import { findLocalRepositoryOf } from './localRepository';
import { requireManageRepository } from './ownership';
import type { DataProductsActionsOptions } from './shared';

/**
 * `meshport:fetch:local`: copies the files of a local repository (by name,
 * or the one an entity was registered from) into the workspace. Read-only,
 * and only for a product the task's user may manage (its owners, admins).
 */
export function createFetchLocalAction(
  options: Pick<
    DataProductsActionsOptions,
    'repositories' | 'catalog' | 'auth' | 'permissions' | 'userInfo'
  >,
) {
  const { repositories } = options;
  return createTemplateAction({
    id: 'meshport:fetch:local',
    description:
      'Copies the default branch of a repository on the portal host (given by name, or the one an entity was published to) into the workspace',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .regex(REPO_NAME_PATTERN)
            .optional()
            .describe('Repository name; or give entityRef'),
        entityRef: z =>
          z
            .string()
            .optional()
            .describe('An entity published with meshport:publish:local'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace subfolder to copy into; default the workspace',
            ),
      },
      output: {
        repoName: z => z.string(),
        commitHash: z => z.string().describe('The fetched commit'),
      },
    },
    async handler(ctx) {
      const { entityRef } = ctx.input;
      if (!ctx.input.repoName && !entityRef) {
        throw new InputError('repoName or entityRef: one of them is required');
      }
      const repoName =
        ctx.input.repoName ??
        (await findLocalRepositoryOf({ ...options, entityRef: entityRef! }));
      // Only for a product the user may manage: what is fetched is about to be changed.
      await requireManageRepository(options, ctx, repoName);
      const target = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.targetPath ?? '.',
      );
      const commitHash = await repositories.fetchInto(repoName, target);
      ctx.logger.info(
        `Fetched ${repoName} at ${commitHash.slice(0, 8)} into ${
          ctx.input.targetPath ?? 'the workspace'
        }`,
      );
      ctx.output('repoName', repoName);
      ctx.output('commitHash', commitHash);
    },
  });
}
