/*
 * Pure: a DataProduct or Dataset as a search document. Everything a person
 * looks for is indexed: title, description, tags, domain, owner (titles, not
 * refs), the product, column names and descriptions, classifications.
 */
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  DataProductEntity,
  DatasetEntity,
  getDatasetProductRef,
  getDomainRef,
  getOwnerRef,
  isDataProductEntity,
} from '@meshport/plugin-data-products-common';
import type { IndexableDocument } from '@backstage/plugin-search-common';

/** The search document type of this module. */
export const DATA_PRODUCTS_DOCUMENT_TYPE = 'data-products';

export interface DataProductsDocument extends IndexableDocument {
  kind: 'DataProduct' | 'Dataset';
  /** Full ref, lower case. */
  entityRef: string;
  /** Title of the producing product (a Dataset) or the product itself. */
  product: string;
  domain: string;
  owner: string;
  /** A Dataset's access level; empty for a product. */
  access: string;
  lifecycle: string;
  tags: string[];
  /** Column names, as written in the schema (each one token in Lunr). */
  columns: string[];
  /** The same names as text, so each word of a name is found too. */
  columnWords: string;
  /** Column descriptions, one line each. */
  columnDescriptions: string;
  classifications: string[];
  /** `yes` when a column is classified `pii`. */
  pii: string;
}

/** Titles of the groups, domains and products the documents name. */
export type TitleLookup = (ref: string) => string | undefined;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function nameOf(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

function safe(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function entityPath(entity: Entity): string {
  const namespace = entity.metadata.namespace ?? 'default';
  return `/catalog/${encodeURIComponent(namespace)}/${lower(
    entity.kind,
  )}/${encodeURIComponent(entity.metadata.name)}`;
}

function titleOf(ref: string | undefined, titles: TitleLookup): string {
  if (!ref) return '';
  return titles(lower(ref)) ?? nameOf(ref);
}

export function toSearchDocument(
  entity: DataProductEntity | DatasetEntity,
  titles: TitleLookup,
): DataProductsDocument {
  const ref = lower(stringifyEntityRef(entity));
  const common = {
    title: entity.metadata.title ?? entity.metadata.name,
    text: entity.metadata.description ?? '',
    location: entityPath(entity),
    entityRef: ref,
    owner: titleOf(
      safe(() => getOwnerRef(entity)),
      titles,
    ),
    lifecycle: entity.spec.lifecycle ?? '',
    tags: entity.metadata.tags ?? [],
    authorization: { resourceRef: ref },
  };
  if (isDataProductEntity(entity)) {
    return {
      ...common,
      kind: 'DataProduct',
      product: common.title,
      domain: titleOf(
        safe(() => getDomainRef(entity)),
        titles,
      ),
      access: '',
      columns: [],
      columnWords: '',
      columnDescriptions: '',
      classifications: [],
      pii: 'no',
    };
  }
  const columns = entity.spec.schema?.columns ?? [];
  const productRef = safe(() => getDatasetProductRef(entity));
  const classifications = [
    ...new Set(
      columns.flatMap(c => (c.classification ? [c.classification] : [])),
    ),
  ].sort();
  return {
    ...common,
    kind: 'Dataset',
    product: titleOf(productRef, titles),
    domain: (productRef && titles(`${lower(productRef)}#domain`)) || '',
    access: entity.spec.access,
    columns: columns.map(c => c.name),
    columnWords: columns.map(c => c.name).join(' '),
    columnDescriptions: columns
      .flatMap(c => (c.description ? [c.description] : []))
      .join('\n'),
    classifications,
    pii: classifications.includes('pii') ? 'yes' : 'no',
  };
}

/**
 * Titles for the documents: groups, domains and products by their lower-case
 * ref, and each product's domain title under `<product ref>#domain`.
 */
export function buildTitleLookup(entities: Entity[]): TitleLookup {
  const titles = new Map<string, string>();
  for (const entity of entities) {
    titles.set(
      lower(stringifyEntityRef(entity)),
      entity.metadata.title ?? entity.metadata.name,
    );
  }
  for (const entity of entities) {
    if (!isDataProductEntity(entity)) continue;
    const domain = safe(() => getDomainRef(entity));
    if (domain) {
      titles.set(
        `${lower(stringifyEntityRef(entity))}#domain`,
        titles.get(lower(domain)) ?? nameOf(domain),
      );
    }
  }
  return ref => titles.get(ref);
}

export {
  isDataProductEntity,
  isDatasetEntity,
} from '@meshport/plugin-data-products-common';
