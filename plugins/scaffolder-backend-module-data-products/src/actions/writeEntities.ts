import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ACCESS_LEVELS,
  CLASSIFICATIONS,
  COLUMN_TYPES,
  DATA_PRODUCT_TYPES,
  describeColumnProblems,
  MAX_COLUMN_DESCRIPTION_LENGTH,
  MAX_COLUMN_NAME_LENGTH,
  formatEntityRef,
  isDataProductEntity,
} from '@meshport/plugin-data-products-common';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  buildDataProduct,
  buildDataset,
  stringifyEntities,
} from '../lib/draftEntities';
import { examples } from './writeEntities.examples';
import {
  OwnershipOptions,
  requireManageProduct,
  requireOwnerChoice,
} from './ownership';
import { DataProductsActionsOptions, DEFAULT_CATALOG_INFO } from './shared';

/** An entity name that also names a repository and AWS roles. */
export const ENTITY_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/;
/** One line of text: no line breaks or other control characters. */
// eslint-disable-next-line no-control-regex
export const ONE_LINE_PATTERN = /^[^\u0000-\u001f\u007f]*$/;
/** Text that may span lines, without other control characters. */
export const TEXT_PATTERN =
  // eslint-disable-next-line no-control-regex
  /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
const refPattern = (kind: string) =>
  new RegExp(
    `^(?:${kind}:)?(?:[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*$`,
    'i',
  );
export const GROUP_REF_PATTERN = refPattern('group');
export const DOMAIN_REF_PATTERN = refPattern('domain');
export const DURATION_PATTERN = /^\d+(m|h|d)$/;
/** A RepoUrlPicker value on GitHub, or empty. */
export const REPO_URL_PATTERN =
  /^$|^github\.com\?(owner|repo)=[A-Za-z0-9_.-]+&(owner|repo)=[A-Za-z0-9_.-]+$/;

/** `github.com?owner=acme&repo=churn` -> `https://github.com/acme/churn`. */
export function repositoryLink(repoUrl: string | undefined) {
  if (!repoUrl) {
    return undefined;
  }
  const [host, query] = repoUrl.split('?');
  const params = new URLSearchParams(query);
  return `https://${host}/${params.get('owner')}/${params.get('repo')}`;
}

const COMMENT = [
  'The declarative spec of this data product. The portal reads this file; the deploy pipeline',
  'validates it (`meshport validate`) and asks the portal to reconcile on every push.',
].join('\n');

const REF_PATTERNS: Record<string, RegExp> = {
  Group: GROUP_REF_PATTERN,
  Domain: DOMAIN_REF_PATTERN,
  DataProduct: refPattern('dataproduct'),
};

/** A full entity ref of the kind; refuses anything that is not one, naming the field. */
function fullRef(ref: string, defaultKind: string, field: string): string {
  if (typeof ref !== 'string' || !REF_PATTERNS[defaultKind].test(ref)) {
    throw new InputError(
      `${field}: must be a ${defaultKind} entity ref such as ${defaultKind.toLocaleLowerCase(
        'en-US',
      )}:default/example (got ${JSON.stringify(ref)})`,
    );
  }
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  );
}

/**
 * `meshport:entities:write`: builds a new product's DataProduct and first
 * Dataset (or one more Dataset of an existing product) from typed values and
 * writes them to a workspace file, serialised by a YAML library. Values can
 * never add documents, keys or kinds; a product may only be created for the
 * user's own groups, a Dataset only added to a product the user may manage.
 */
export function createWriteEntitiesAction(
  options: OwnershipOptions & Pick<DataProductsActionsOptions, 'environments'>,
) {
  const { environments } = options;
  return createTemplateAction({
    id: 'meshport:entities:write',
    description:
      "Writes a data product's DataProduct and first Dataset (or a Dataset of an existing product) to a workspace YAML file, built from typed values; refuses an owner that is not one of the user's groups and a product the user may not manage",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              `Workspace-relative file to write; default ${DEFAULT_CATALOG_INFO}`,
            ),
        product: z =>
          z
            .object({
              name: z.string().regex(ENTITY_NAME_PATTERN),
              title: z.string().min(3).max(80).regex(ONE_LINE_PATTERN),
              description: z.string().max(2000).regex(TEXT_PATTERN).optional(),
              owner: z.string().regex(GROUP_REF_PATTERN),
              domain: z.string().regex(DOMAIN_REF_PATTERN),
              productType: z.enum(DATA_PRODUCT_TYPES),
              environments: z.array(z.string().regex(ENTITY_NAME_PATTERN)),
              repoUrl: z
                .string()
                .regex(REPO_URL_PATTERN)
                .optional()
                .describe(
                  'Where the repository is published (RepoUrlPicker, e.g. github.com?owner=acme&repo=churn), for its link',
                ),
            })
            .optional()
            .describe('A new product; or give dataProduct'),
        dataProduct: z =>
          z
            .string()
            .optional()
            .describe('Ref of the existing product the Dataset belongs to'),
        dataset: z =>
          z.object({
            datasetName: z.string().regex(ENTITY_NAME_PATTERN),
            datasetTitle: z.string().min(3).max(80).regex(ONE_LINE_PATTERN),
            datasetDescription: z
              .string()
              .max(2000)
              .regex(TEXT_PATTERN)
              .optional(),
            access: z.enum(ACCESS_LEVELS),
            outputType: z.enum(['s3', 'glue']),
            bucket: z
              .string()
              .regex(/^[a-z0-9][a-z0-9-]*$/)
              .optional(),
            availabilityTarget: z.number().gt(0).max(100),
            completenessTarget: z.number().gt(0).max(100).optional(),
            freshnessTarget: z.number().gt(0).max(100),
            freshnessMaxAge: z.string().regex(DURATION_PATTERN),
            columns: z
              .array(
                z
                  .object({
                    name: z
                      .string()
                      .min(1)
                      .max(MAX_COLUMN_NAME_LENGTH)
                      .regex(ONE_LINE_PATTERN),
                    type: z.enum(COLUMN_TYPES),
                    description: z
                      .string()
                      .max(MAX_COLUMN_DESCRIPTION_LENGTH)
                      .regex(TEXT_PATTERN)
                      .optional(),
                    classification: z.enum(CLASSIFICATIONS).optional(),
                    required: z.boolean().optional(),
                    primaryKey: z.boolean().optional(),
                  })
                  .strict(),
              )
              .min(1)
              .describe(
                "The Dataset's columns (the wizard's schema step): names unique ignoring case, as meshport validate checks",
              ),
          }),
      },
      output: {
        dataProduct: z => z.string().describe('Full ref of the product'),
        entityRefs: z =>
          z.array(z.string()).describe('Full refs of the written entities'),
      },
    },
    async handler(ctx) {
      const { product, dataset } = ctx.input;
      const fileName = ctx.input.path ?? DEFAULT_CATALOG_INFO;
      if (!product === !ctx.input.dataProduct) {
        throw new InputError(
          'product or dataProduct: give exactly one (a new product, or the product the dataset belongs to)',
        );
      }
      const columnProblems = describeColumnProblems(dataset.columns);
      if (columnProblems.length > 0) {
        throw new InputError(
          `dataset.columns: ${columnProblems.map(p => p.message).join('; ')}`,
        );
      }
      const datasetValues = {
        name: dataset.datasetName,
        title: dataset.datasetTitle,
        description: dataset.datasetDescription,
        access: dataset.access,
        outputType: dataset.outputType,
        bucket: dataset.bucket,
        availabilityTarget: dataset.availabilityTarget,
        completenessTarget: dataset.completenessTarget,
        freshnessTarget: dataset.freshnessTarget,
        freshnessMaxAge: dataset.freshnessMaxAge,
        columns: dataset.columns,
      };

      let entities;
      if (product) {
        const unknown = product.environments.filter(
          name => !environments.some(e => e.name === name),
        );
        if (unknown.length > 0 || product.environments.length === 0) {
          throw new InputError(
            `product.environments: must be one or more of the configured environments (${environments
              .map(e => e.name)
              .join(', ')}); got ${JSON.stringify(product.environments)}`,
          );
        }
        const owner = fullRef(product.owner, 'Group', 'product.owner');
        await requireOwnerChoice(options, ctx, owner);
        const dataProduct = buildDataProduct({
          ...product,
          repositoryUrl: repositoryLink(product.repoUrl),
          owner,
          domain: fullRef(product.domain, 'Domain', 'product.domain'),
        });
        entities = [
          dataProduct,
          buildDataset(datasetValues, { name: product.name, owner }),
        ];
      } else {
        const ref = fullRef(
          ctx.input.dataProduct!,
          'DataProduct',
          'dataProduct',
        );
        await requireManageProduct(options, ctx, ref);
        const existing = await options.catalog.getEntityByRef(ref, {
          credentials: await options.auth.getOwnServiceCredentials(),
        });
        if (!existing || !isDataProductEntity(existing)) {
          throw new NotFoundError(
            `There is no data product "${
              parseEntityRef(ref).name
            }" in the catalog.`,
          );
        }
        entities = [
          buildDataset(datasetValues, {
            name: existing.metadata.name,
            owner: existing.spec.owner,
          }),
        ];
      }

      const file = resolveSafeChildPath(ctx.workspacePath, fileName);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(
        file,
        stringifyEntities(entities, product ? COMMENT : undefined),
      );
      const refs = entities.map(formatEntityRef);
      ctx.logger.info(`Wrote ${refs.join(', ')} to ${fileName}`);
      ctx.output(
        'dataProduct',
        product
          ? refs[0]
          : fullRef(
              ctx.input.dataProduct!,
              'DataProduct',
              'dataProduct',
            ).toLocaleLowerCase('en-US'),
      );
      ctx.output('entityRefs', refs);
    },
  });
}
