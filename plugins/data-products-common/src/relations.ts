/*
 * Relations between the Meshport kinds. Each pair is emitted in both directions by the catalog
 * processor. Ownership (`ownedBy`/`ownerOf`) and domains (`partOf`/`hasPart`) use Backstage's
 * standard relations from `@backstage/catalog-model`.
 */

/** Dataset -> the DataProduct that produces it. */
export const RELATION_OUTPUT_OF = 'outputOf';

/** DataProduct -> each Dataset it produces. */
export const RELATION_HAS_OUTPUT = 'hasOutput';

/** DataProduct -> each Dataset listed in its `spec.inputPorts`. */
export const RELATION_CONSUMES = 'consumes';

/** Dataset -> each DataProduct that lists it in its `spec.inputPorts`. */
export const RELATION_CONSUMED_BY = 'consumedBy';

/**
 * Runtime lineage (OpenLineage events): the source feeds the target. A Dataset -> each
 * DataProduct whose jobs read it; a DataProduct -> each Dataset its jobs write.
 */
export const RELATION_LINEAGE_TO = 'lineageTo';

/** The other direction of `lineageTo`. */
export const RELATION_LINEAGE_FROM = 'lineageFrom';
