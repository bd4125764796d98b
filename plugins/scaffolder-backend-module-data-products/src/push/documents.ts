/*
 * The pure core of a push to a product's repository on the portal host (`meshport apply`): which
 * documents may be written (the DataProduct being applied and its Datasets, valid, nothing else),
 * which owners they name, and the catalog-info.yaml they become (serialised, never templated).
 */
import type { Entity } from '@backstage/catalog-model';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  formatEntityRef,
  isDataProductEntity,
  type MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import { stringifyEntities } from '../lib/draftEntities';
import { checkDraftEntities } from '../lib/entities';

/** The name the pushed documents are reported under (and written to). */
export const PUSHED_FILE = 'catalog-info.yaml';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An entity as its author wrote it: `"Finance ledger" (finance-ledger)`, or its name alone. */
function named(entity: Entity): string {
  const { name, title } = entity.metadata;
  return typeof title === 'string' && title && title !== name
    ? `"${title}" (${name})`
    : `"${name}"`;
}

/** A ref as people write it in a spec: `customer-churn`, `finance/ledger` outside the default namespace. */
function written(ref: string): string {
  const { namespace, name } = parseEntityRef(ref);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

const plural = (count: number, one: string, many: string) =>
  count === 1 ? one : many;

/**
 * Why the documents may not replace the repository's catalog-info.yaml of `productRef`, as
 * sentences naming the document and field; empty when they may.
 */
export function checkPushedDocuments(
  entities: unknown[],
  options: {
    productRef: string;
    environments: MeshportEnvironment[];
    /** The repository's product's title, as the catalog has it. */
    productTitle?: string;
  },
): string[] {
  const productRef = options.productRef.toLocaleLowerCase('en-US');
  const thisProduct =
    options.productTitle && options.productTitle !== written(productRef)
      ? `"${options.productTitle}" (${written(productRef)})`
      : `"${written(productRef)}"`;
  const notMappings = entities.flatMap((entity, index) =>
    isObject(entity) && isObject(entity.metadata)
      ? []
      : [
          `Document ${
            index + 1
          } is not a catalog entity: each document must be a mapping with a kind and metadata.`,
        ],
  );
  if (notMappings.length > 0) {
    return notMappings;
  }
  const { summary, problems } = checkDraftEntities(entities as Entity[], {
    fileName: PUSHED_FILE,
    environments: options.environments,
    expectedProduct: productRef,
  });
  const products = (entities as Entity[]).filter(isDataProductEntity);
  const others = products.filter(p => formatEntityRef(p) !== productRef);
  if (others.length > 0) {
    problems.push(
      `${PUSHED_FILE} declares the data ${plural(
        others.length,
        'product',
        'products',
      )} ${others
        .map(named)
        .join(
          ', ',
        )}, but this repository holds ${thisProduct}: apply each product on its own.`,
    );
  } else if (products.length === 0 && problems.length === 0) {
    const { datasets } = summary;
    problems.push(
      `${PUSHED_FILE} must declare the data product ${thisProduct} itself, with its datasets; it declares only the ${plural(
        datasets.length,
        'dataset',
        'datasets',
      )} ${datasets.map(named).join(', ')}.`,
    );
  }
  return problems;
}

/** Full Group refs of the owners the documents name (`spec.owner`), in first-seen order. */
export function ownersNamed(entities: Entity[]): string[] {
  const owners = new Set<string>();
  for (const entity of entities) {
    const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
    if (typeof owner === 'string') {
      owners.add(
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'Group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      );
    }
  }
  return [...owners];
}

/**
 * The new catalog-info.yaml: the documents serialised in the order given, under the header
 * comment of the current file (the wizard's note on what the file is), if it had one.
 */
export function serializeCatalogInfo(
  entities: Entity[],
  currentContent?: string,
): string {
  // The comment lines the file starts with (read, not parsed as YAML: the parser hangs them on
  // the first key), without their `#`.
  const header = /^(?:#[^\n]*\n)+/.exec(currentContent ?? '')?.[0];
  const comment = header
    ?.trimEnd()
    .split('\n')
    .map(line => line.replace(/^# ?/, ''))
    .join('\n');
  return stringifyEntities(entities, comment);
}
