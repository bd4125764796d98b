/**
 * The frontend client of the Meshport data-products backend: the
 * {@link DataProductsApi}, its ApiRef and the HTTP client. Shared by the
 * Meshport frontend plugin and by any app or plugin that wants the data.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './api/access';
export * from './api/slo';
export * from './api/retirement';
export * from './api/lineage';
export * from './api/contracts';
