/*
 * Extension points of the data-products backend plugin.
 *
 * Platform provisioners (AWS first; Databricks, Snowflake, ... later) and SLI
 * collectors are separate backend modules that register themselves here, so a
 * new platform never needs a change in the data-products backend itself.
 */

export * from './json';
export * from './provisioning';
export * from './provisioners';
export * from './archive';
export * from './sli';
export * from './retirement';
export * from './usage';
export * from './pipelines';
