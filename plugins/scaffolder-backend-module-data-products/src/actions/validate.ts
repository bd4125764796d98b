import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { checkDraftEntities } from '../lib/entities';
import { examples } from './validate.examples';
import {
  DataProductsActionsOptions,
  DEFAULT_CATALOG_INFO,
  readWorkspaceCatalogInfo,
} from './shared';

/**
 * `meshport:entities:validate`: checks the DataProduct and Datasets of a
 * workspace file against the kinds and the configured environments before
 * anything is published, failing with the document, field and reason.
 */
export function createValidateEntitiesAction(
  options: Pick<
    DataProductsActionsOptions,
    'catalog' | 'auth' | 'environments'
  >,
) {
  const { catalog, auth, environments } = options;
  return createTemplateAction({
    id: 'meshport:entities:validate',
    description:
      'Validates the Meshport DataProduct and Dataset entities of a workspace file (the kinds, the configured environments and buckets, one product per file) and optionally that their names are unused',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              `Workspace-relative path of the YAML file; default ${DEFAULT_CATALOG_INFO}`,
            ),
        dataProduct: z =>
          z
            .string()
            .optional()
            .describe(
              'Ref of the product the Datasets belong to, when the file holds no DataProduct',
            ),
        mustNotExist: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Fail when an entity of the file already exists in the catalog (new products and datasets)',
            ),
      },
      output: {
        dataProduct: z =>
          z.string().describe('Full ref of the product the file describes'),
        entityRefs: z =>
          z
            .array(z.string())
            .describe(
              'Full refs of the DataProduct and Datasets, in file order',
            ),
      },
    },
    async handler(ctx) {
      const fileName = ctx.input.path ?? DEFAULT_CATALOG_INFO;
      const entities = await readWorkspaceCatalogInfo(
        ctx.workspacePath,
        fileName,
      );
      let expectedProduct: string | undefined;
      if (ctx.input.dataProduct) {
        try {
          expectedProduct = stringifyEntityRef(
            parseEntityRef(ctx.input.dataProduct, {
              defaultKind: 'DataProduct',
              defaultNamespace: 'default',
            }),
          );
        } catch {
          throw new InputError(
            `dataProduct: must be a DataProduct entity ref (got ${JSON.stringify(
              ctx.input.dataProduct,
            )})`,
          );
        }
      }
      const { summary, problems } = checkDraftEntities(entities, {
        fileName,
        environments,
        expectedProduct,
      });
      if (problems.length > 0) {
        throw new InputError(
          `The generated entities are invalid:\n${problems
            .map(problem => `  ${problem}`)
            .join('\n')}`,
        );
      }

      if (ctx.input.mustNotExist) {
        // Service credentials: a name taken by an entity the user cannot see is taken all the same.
        const { items } = await catalog.getEntitiesByRefs(
          { entityRefs: summary.entityRefs, fields: ['kind', 'metadata'] },
          { credentials: await auth.getOwnServiceCredentials() },
        );
        const taken = summary.entityRefs.filter((_, i) => items[i]);
        if (taken.length > 0) {
          throw new ConflictError(
            `Already in the catalog: ${taken.join(
              ', ',
            )}. Choose another name; existing entities are never overwritten`,
          );
        }
      }

      ctx.logger.info(
        `${fileName} is valid: ${summary.entityRefs.join(', ')}${
          ctx.isDryRun ? ' (dry run)' : ''
        }`,
      );
      ctx.output('dataProduct', summary.dataProduct!);
      ctx.output('entityRefs', summary.entityRefs);
    },
  });
}
