import { RELATION_OWNED_BY, RELATION_PART_OF } from '@backstage/catalog-model';
import {
  RELATION_CONSUMED_BY,
  RELATION_CONSUMES,
  RELATION_HAS_OUTPUT,
  RELATION_LINEAGE_FROM,
  RELATION_LINEAGE_TO,
  RELATION_OUTPUT_OF,
} from '@meshport/plugin-data-products-common';

/**
 * The Meshport relations as pairs for the catalog graph (`relationPairs`).
 * The first of each pair is drawn as the arrow's direction, so arrows follow
 * the data: product -> dataset it outputs -> product that consumes it.
 *
 * @public
 */
export const DATA_PRODUCT_RELATION_PAIRS: [string, string][] = [
  [RELATION_HAS_OUTPUT, RELATION_OUTPUT_OF],
  [RELATION_CONSUMED_BY, RELATION_CONSUMES],
  // runtime lineage (OpenLineage events), next to the declared relations
  [RELATION_LINEAGE_TO, RELATION_LINEAGE_FROM],
];

/**
 * Every Meshport relation, e.g. for the catalog graph's `knownRelations`.
 *
 * @public
 */
export const DATA_PRODUCT_RELATIONS: string[] =
  DATA_PRODUCT_RELATION_PAIRS.flat();

/**
 * The relations an entity graph on a DataProduct or Dataset page follows:
 * owner, domain, the datasets a product outputs and the products that consume
 * them. `hasPart` and `ownerOf` are left out on purpose: at depth 2 they would
 * pull in every product of the domain and everything the team owns.
 *
 * @public
 */
export const DATA_PRODUCT_GRAPH_RELATIONS: string[] = [
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  ...DATA_PRODUCT_RELATIONS,
];
