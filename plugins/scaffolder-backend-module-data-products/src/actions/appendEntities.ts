import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatEntityRef,
  getDatasetProductRef,
  isDataProductEntity,
  isDatasetEntity,
} from '@meshport/plugin-data-products-common';
import { promises as fs } from 'node:fs';
import { appendEntities } from '../lib/draftEntities';
import { describeKindProblem } from '../lib/entities';
import { examples } from './appendEntities.examples';
import { OwnershipOptions, requireManageProduct } from './ownership';
import { readWorkspaceCatalogInfo } from './shared';

/**
 * `meshport:entities:append`: appends the DataProduct/Dataset documents of
 * one workspace file to another (e.g. a new Dataset to catalog-info.yaml),
 * serialised from the parsed entities; the target's documents stay as they are. Refuses an entity the target already declares, and
 * products the task's user may not manage.
 */
export function createAppendEntitiesAction(options: OwnershipOptions) {
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
      added.forEach((entity, index) => {
        if (!isDataProductEntity(entity) && !isDatasetEntity(entity)) {
          throw new InputError(
            `${from} document ${index + 1}: ${describeKindProblem(entity)}`,
          );
        }
      });
      const existing = await readWorkspaceCatalogInfo(ctx.workspacePath, to);
      // Every product touched (the target's, the added Datasets') must be the user's to manage.
      const products = new Set([
        ...existing.filter(isDataProductEntity).map(formatEntityRef),
        ...added
          .filter(isDatasetEntity)
          .filter(dataset => typeof dataset.spec?.dataProduct === 'string')
          .map(getDatasetProductRef),
      ]);
      for (const product of products) {
        await requireManageProduct(options, ctx, product);
      }
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
      const current = await fs.readFile(target, 'utf8');
      await fs.writeFile(target, appendEntities(current, added));
      const refs = added.map(formatEntityRef);
      ctx.logger.info(`Added ${refs.join(', ')} to ${to}`);
      ctx.output('entityRefs', refs);
    },
  });
}
