/*
 * Pure: the Data home's cards and facets from catalog entities, and the
 * catalog queries behind them. A card says what a consumer needs to pick
 * data: title, description, domain, owner, access level, PII, consumers,
 * lifecycle. The catalog filters, pages and counts (queryEntities,
 * getEntityFacets): the browser never holds more than a page of entities.
 */
import type { EntityFilterQuery } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  RELATION_CONSUMED_BY,
  RELATION_HAS_OUTPUT,
  RELATION_OUTPUT_OF,
} from '@meshport/plugin-data-products-common';

export interface DataCard {
  ref: string;
  kind: 'DataProduct' | 'Dataset';
  title: string;
  description: string;
  /** Lower-case refs. */
  owner?: string;
  domain?: string;
  product?: string;
  access?: string;
  lifecycle?: string;
  type?: string;
  pii: boolean;
  classifications: string[];
  /** Datasets: products that declare it; products: datasets it outputs. */
  consumers: number;
  datasets: number;
}

export interface DataFilters {
  text?: string;
  /** `DataProduct` or `Dataset` (any case, as the catalog's facets give it). */
  kind?: string;
  domain?: string;
  access?: string;
  classification?: string;
  lifecycle?: string;
  type?: string;
  /** Only these owners (the viewer's ownership refs): "my products". */
  owners?: string[];
  /** An SLO status (`met`, `at-risk`, `breached`, `no-data`). */
  slo?: string;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function targets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => lower(r.targetRef));
}

/** Each product's domain (lower-case refs), from products with relations. */
export function domainsOfProducts(entities: Entity[]): Map<string, string> {
  const domainOfProduct = new Map<string, string>();
  for (const e of entities) {
    if (e.kind === 'DataProduct') {
      const domain = targets(e, RELATION_PART_OF)[0];
      if (domain) domainOfProduct.set(lower(stringifyEntityRef(e)), domain);
    }
  }
  return domainOfProduct;
}

/**
 * Cards in the order given. A dataset's domain is its product's: from the
 * products among `entities`, or from `productDomains` (fetched apart).
 */
export function toCards(
  entities: Entity[],
  productDomains?: Map<string, string>,
): DataCard[] {
  const domainOfProduct = new Map([
    ...(productDomains ?? []),
    ...domainsOfProducts(entities),
  ]);
  return entities
    .filter(e => e.kind === 'DataProduct' || e.kind === 'Dataset')
    .map(e => {
      const spec = (e.spec ?? {}) as Record<string, any>;
      const columns: Array<{ classification?: string }> =
        spec.schema?.columns ?? [];
      const classifications = [
        ...new Set(
          columns.flatMap(c => (c.classification ? [c.classification] : [])),
        ),
      ].sort();
      const product =
        e.kind === 'Dataset' ? targets(e, RELATION_OUTPUT_OF)[0] : undefined;
      const domain =
        e.kind === 'DataProduct'
          ? targets(e, RELATION_PART_OF)[0]
          : product && domainOfProduct.get(product);
      return {
        ref: lower(stringifyEntityRef(e)),
        kind: e.kind as DataCard['kind'],
        title: e.metadata.title ?? e.metadata.name,
        description: e.metadata.description ?? '',
        owner: targets(e, RELATION_OWNED_BY)[0],
        domain,
        product,
        access: e.kind === 'Dataset' ? spec.access : undefined,
        lifecycle: spec.lifecycle,
        type: e.kind === 'DataProduct' ? spec.type : undefined,
        pii: classifications.includes('pii'),
        classifications,
        consumers: targets(e, RELATION_CONSUMED_BY).length,
        datasets: targets(e, RELATION_HAS_OUTPUT).length,
      };
    });
}

/** The products of the datasets among the cards (to look up their domains). */
export function productsOf(cards: DataCard[]): string[] {
  return [
    ...new Set(cards.flatMap(c => (c.product && !c.domain ? [c.product] : []))),
  ];
}

export const HOME_KINDS = ['DataProduct', 'Dataset'];

/** The catalog fields a card reads. */
export const CARD_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.access',
  'spec.lifecycle',
  'spec.type',
  'spec.schema.columns',
  'relations',
];

/** The catalog field behind each facet of the home. */
export const FACET_FIELDS = {
  kind: 'kind',
  domain: 'relations.partOf',
  type: 'spec.type',
  access: 'spec.access',
  classification: 'spec.schema.columns.classification',
  lifecycle: 'spec.lifecycle',
} as const;

export type FacetName = keyof typeof FACET_FIELDS;

/**
 * The catalog filter of the home's filters. A domain holds products
 * (`partOf`) and, through them, datasets: `domainProducts` are the refs of
 * the domain's products, so its datasets match by `outputOf`.
 */
export function homeFilter(
  f: DataFilters,
  domainProducts: string[] = [],
  sloRefs: string[] = [],
): EntityFilterQuery {
  const parts = filterParts(f, domainProducts);
  return f.slo ? onlyRefs(parts, sloRefs) : parts;
}

function filterParts(
  f: DataFilters,
  domainProducts: string[],
): Array<Record<string, string | string[]>> {
  const common: Record<string, string | string[]> = {};
  if (f.access) common['spec.access'] = f.access;
  if (f.lifecycle) common['spec.lifecycle'] = f.lifecycle;
  if (f.type) common['spec.type'] = f.type;
  if (f.classification) {
    common['spec.schema.columns.classification'] = f.classification;
  }
  if (f.owners) common['relations.ownedBy'] = f.owners.map(lower);
  const kinds = f.kind ? [f.kind] : HOME_KINDS;
  if (!f.domain) return [{ kind: kinds, ...common }];
  const has = (kind: string) => kinds.some(k => lower(k) === lower(kind));
  const parts: Array<Record<string, string | string[]>> = [];
  if (has('DataProduct')) {
    parts.push({
      kind: 'DataProduct',
      'relations.partOf': f.domain,
      ...common,
    });
  }
  if (has('Dataset') && domainProducts.length) {
    parts.push({
      kind: 'Dataset',
      'relations.outputOf': domainProducts.map(lower),
      ...common,
    });
  }
  // nothing can match: a filter no entity meets
  return parts.length ? parts : [{ kind: kinds, 'metadata.uid': '-' }];
}

/**
 * Each filter part narrowed to these entities (the refs of an SLO status),
 * one part per kind and namespace, so that the catalog still pages.
 */
export function onlyRefs(
  parts: Array<Record<string, string | string[]>>,
  refs: string[],
): Array<Record<string, string | string[]>> {
  const groups = new Map<
    string,
    { kind: string; ns: string; names: string[] }
  >();
  for (const ref of refs) {
    const { kind, namespace, name } = parseEntityRef(lower(ref));
    const key = `${kind}:${namespace}`;
    const group = groups.get(key) ?? { kind, ns: namespace, names: [] };
    group.names.push(name);
    groups.set(key, group);
  }
  const narrowed = parts.flatMap(part => {
    const kinds = [part.kind].flat().map(lower);
    return [...groups.values()]
      .filter(g => kinds.includes(g.kind))
      .map(g => ({
        ...part,
        kind: g.kind,
        'metadata.namespace': g.ns,
        'metadata.name': g.names,
      }));
  });
  return narrowed.length
    ? narrowed
    : [{ kind: HOME_KINDS, 'metadata.uid': '-' }];
}

/** The words of the free-text filter, as the catalog's full-text filter. */
export function homeTextFilter(
  f: DataFilters,
): { term: string; fields: string[] } | undefined {
  const term = f.text?.trim();
  return term
    ? { term, fields: ['metadata.title', 'metadata.description'] }
    : undefined;
}

/** A facet's options from the catalog's facet counts, sorted by value. */
export function facetOptions(
  facets: Record<string, Array<{ value: string; count: number }>> | undefined,
  name: FacetName,
): Array<{ value: string; count: number }> {
  const values = facets?.[FACET_FIELDS[name]] ?? [];
  return values
    .filter(v => v.value)
    .sort((a, b) => a.value.localeCompare(b.value));
}

/** `team-sales` for `group:default/team-sales`. */
export function nameOf(ref: string | undefined): string {
  if (!ref) return '';
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}
