/**
 * The catalog backend module for the Meshport kinds, DataProduct and Dataset.
 *
 * @packageDocumentation
 */

export { catalogModuleDataProducts as default } from './module';
export {
  DataProductsEntitiesProcessor,
  type DataProductsEntitiesProcessorOptions,
} from './DataProductsEntitiesProcessor';
export {
  applyRetirementMark,
  CachedRetirementStates,
  type RetirementMark,
  type RetirementStatesSource,
} from './retirement/retirementStates';
