/*
 * Pure: the Data home's cards and facets from catalog entities. A card says
 * what a consumer needs to pick data: title, description, domain, owner,
 * access level, PII, consumers, lifecycle.
 */
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
  kind?: 'DataProduct' | 'Dataset';
  domain?: string;
  access?: string;
  classification?: string;
  lifecycle?: string;
  type?: string;
  /** Only these owners (the viewer's ownership refs): "my products". */
  owners?: string[];
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function targets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => lower(r.targetRef));
}

export function toCards(entities: Entity[]): DataCard[] {
  const domainOfProduct = new Map<string, string>();
  for (const e of entities) {
    if (e.kind === 'DataProduct') {
      const domain = targets(e, RELATION_PART_OF)[0];
      if (domain) domainOfProduct.set(lower(stringifyEntityRef(e)), domain);
    }
  }
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
    })
    .sort(
      (a, b) => a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title),
    );
}

export function filterCards(cards: DataCard[], f: DataFilters): DataCard[] {
  const words = (f.text ?? '')
    .toLocaleLowerCase('en-US')
    .split(/\s+/)
    .filter(Boolean);
  const owners = f.owners?.map(lower);
  return cards.filter(
    c =>
      (!f.kind || c.kind === f.kind) &&
      (!f.domain || c.domain === f.domain) &&
      (!f.access || c.access === f.access) &&
      (!f.classification || c.classifications.includes(f.classification)) &&
      (!f.lifecycle || c.lifecycle === f.lifecycle) &&
      (!f.type || c.type === f.type) &&
      (!owners || (c.owner !== undefined && owners.includes(c.owner))) &&
      words.every(w =>
        `${c.title} ${c.description}`.toLocaleLowerCase('en-US').includes(w),
      ),
  );
}

/** The values each facet offers, with how many cards have each. */
export function facetValues(
  cards: DataCard[],
  pick: (card: DataCard) => string | string[] | undefined,
): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const card of cards) {
    const picked = pick(card) ?? [];
    for (const value of [picked].flat().filter(Boolean)) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
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
