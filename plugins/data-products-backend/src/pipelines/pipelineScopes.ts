/*
 * Which data products a pipeline may deploy: the pure rules live in the node package, so that
 * backend modules (e.g. the push to the portal's own repositories) apply the same scopes.
 */
export {
  ALL_PRODUCTS,
  pipelineProducts,
  pipelineRefusal,
  readPipelineScopes,
  type PipelineScope,
} from '@meshport/plugin-data-products-node';
