import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { formatEntityRef } from '@meshport/plugin-data-products-common';
import { promises as fs } from 'node:fs';
import { examples } from './appendEntities.examples';
import { readWorkspaceCatalogInfo } from './shared';

/**
 * `meshport:entities:append`: appends the YAML documents of one workspace
 * file to another (e.g. a new Dataset to catalog-info.yaml), keeping the
 * target's text as it is. Refuses an entity the target already declares.
 */
export function createAppendEntitiesAction() {
  return createTemplateAction({
    id: 'meshport:entities:append',
    description:
      'Appends the entities of one workspace YAML file to another (e.g. a new Dataset to catalog-info.yaml); refuses entities the target already declares',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        from: z =>
          z.string().describe('Workspace-relative file with the new entities'),
        to: z =>
          z.string().describe('Workspace-relative file to append them to'),
      },
      output: {
        entityRefs: z =>
          z.array(z.string()).describe('Refs of the appended entities'),
      },
    },
    async handler(ctx) {
      const { from, to } = ctx.input;
      const added = await readWorkspaceCatalogInfo(ctx.workspacePath, from);
      const existing = await readWorkspaceCatalogInfo(ctx.workspacePath, to);
      const declared = new Set(existing.map(formatEntityRef));
      const clashes = added
        .map(formatEntityRef)
        .filter(ref => declared.has(ref));
      if (clashes.length > 0) {
        throw new ConflictError(
          `${to} already declares ${clashes.join(', ')}; choose another name`,
        );
      }
      const target = resolveSafeChildPath(ctx.workspacePath, to);
      const [current, addition] = await Promise.all([
        fs.readFile(target, 'utf8'),
        fs.readFile(resolveSafeChildPath(ctx.workspacePath, from), 'utf8'),
      ]);
      const separator = `${current.endsWith('\n') ? '' : '\n'}${
        addition.trimStart().startsWith('---') ? '' : '---\n'
      }`;
      await fs.writeFile(target, `${current}${separator}${addition}`);
      const refs = added.map(formatEntityRef);
      ctx.logger.info(`Added ${refs.join(', ')} to ${to}`);
      ctx.output('entityRefs', refs);
    },
  });
}
