/*
 * Who consumes what (GET /api/data-products/consumption?entityRef=): one
 * answer, computed on the server, shown the same on the Dataset's overview
 * and Access tab, the product's Access tab and retirement's usage. The types
 * are the models generated from the backend's OpenAPI document.
 */
export type {
  Consumption,
  ConsumptionMigration,
  ConsumptionMigrationSuccessorRequest,
  ConsumptionAccessRequest,
  ConsumptionResponse,
  ConsumptionState,
} from '../schema/openapi/generated/models';
