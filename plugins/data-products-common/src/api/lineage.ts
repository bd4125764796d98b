/*
 * The lineage and usage REST API of the data-products backend (routes under
 * /api/data-products/lineage). The types are the models generated from the
 * backend's OpenAPI document, which describes each route.
 */
import type { LineageEventType } from '../schema/openapi/generated/models';
import { valuesOf } from './rest';

export type {
  LineageColumnEdge,
  LineageDatasetId,
  LineageDatasetNode,
  LineageEdge,
  LineageEventType,
  LineageGraphResponse,
  LineageIngestResponse,
  LineageJobNode,
  LineageRelationsResponse,
  LineageSide,
  LineageUnmatchedResponse,
  LineageUsageDay,
  LineageUsageResponse,
  UndeclaredConsumption,
} from '../schema/openapi/generated/models';

/** OpenLineage run states (RunEvent.eventType). */
export const LINEAGE_EVENT_TYPES = valuesOf<LineageEventType>()([
  'START',
  'RUNNING',
  'COMPLETE',
  'ABORT',
  'FAIL',
  'OTHER',
]);
