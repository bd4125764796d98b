import {
  ALL_RELATION_PAIRS,
  Direction,
  EntityCatalogGraphCard,
} from '@backstage/plugin-catalog-graph';
import {
  DATA_PRODUCT_GRAPH_RELATIONS,
  DATA_PRODUCT_RELATION_PAIRS,
} from '../../graph';

/**
 * The catalog graph of a DataProduct or Dataset as a data flow: owner, domain, the datasets a
 * product outputs and the products that consume them, left to right. Depth 2 reaches a consumer of
 * a product's dataset (product -> dataset -> consumer); both directions so that every relation
 * between the shown entities is drawn, labelled by pair.
 */
export function DataFlowGraphCard() {
  return (
    <EntityCatalogGraphCard
      title="Data flow"
      height={400}
      maxDepth={2}
      unidirectional={false}
      relations={DATA_PRODUCT_GRAPH_RELATIONS}
      relationPairs={[...ALL_RELATION_PAIRS, ...DATA_PRODUCT_RELATION_PAIRS]}
      direction={Direction.LEFT_RIGHT}
    />
  );
}
