/**
 * The Meshport kinds, DataProduct and Dataset: types, JSON schemas, validators, entity-ref helpers
 * and relation names. No I/O, so it runs in the browser, the backend and the CLI alike.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './relations';
export * from './entities';
export * from './refs';
export * from './duration';
export * from './columns';
export * from './validation';
export * from './environments';
export * from './permissions';
export { suggestName } from './problems';
export type { JsonValuesUnknown } from './api/rest';
export * from './api/provisioning';
export * from './api/access';
export * from './api/retirement';
export * from './retirementWords';
export * from './api/slo';
export * from './api/lineage';
export * from './api/consumption';
export * from './contracts';
/** Nested shapes of the REST types above, as the generator names them. */
export {
  type LineageDatasetNodeFieldsInner,
  type LineageEdgeDirectionEnum,
  type LineageJobNodeLastRun,
  type LineageRelationsResponseItemsInner,
  type LineageUnmatchedResponseItemsInner,
  type ProvisioningDiffLineKindEnum,
  type ProvisioningRunProblemSeverityEnum,
  type ProvisioningRunSummaryByAction,
  type ProvisioningRunSummaryByStatus,
  type ProvisioningRunSummaryProvisionersInner,
  type RetirementActivitySourceEnum,
  type RetirementCatalogOutcomeRemovalEnum,
  type RetirementConsumerGrantStatusEnum,
  type RetirementStatesResponseItemsInner,
  type RetirementStatusResponseStateEnum,
  type RetirementUsageDatasetTitlesInner,
  type RetirementUsageReads,
  type SloMeasurementInputKindEnum,
} from './schema/openapi/generated/models';
/**
 * The data-products REST API's client, generated from the backend plugin's
 * OpenAPI document (`src/schema/openapi.yaml` there); the frontend's and the
 * CLI's clients delegate their requests to it.
 */
export {
  DefaultApiClient as DataProductsRestClient,
  type RequestOptions as DataProductsRestRequestOptions,
  type TypedResponse as DataProductsRestResponse,
} from './schema/openapi/generated/apis';
