/*
 * The retirement REST API of the data-products backend (routes under
 * /api/data-products/retirement). The types are the models generated from
 * the backend's OpenAPI document, which describes each route.
 */
import type {
  DataProductRetirementResponse as RestDataProductRetirementResponse,
  RetirementStatus as RestRetirementStatus,
  RetirementStep as RestRetirementStep,
  RetirementStepName as RestRetirementStepName,
  RetirementStepStatus as RestRetirementStepStatus,
} from '../schema/openapi/generated/models';
import type { JsonValuesUnknown } from './rest';
import { valuesOf } from './rest';

export type {
  CancelRetirementRequest,
  Retirement,
  RetirementActivity,
  RetirementCatalogOutcome,
  RetirementConsumer,
  RetirementConsumerGrant,
  RetirementPolicy,
  RetirementStatesResponse,
  RetirementStatus,
  RetirementStatusResponse,
  RetirementStepName,
  RetirementStepStatus,
  RetirementUsage,
  StartRetirementRequest,
} from '../schema/openapi/generated/models';

/** One step of a retirement, with its last attempt's outcome. */
export type RetirementStep = JsonValuesUnknown<RestRetirementStep>;

/** JSON data a step records as its result. */
export type RetirementStepResult = NonNullable<RetirementStep['result']>;

/** `GET /retirement?entityRef=`: a product's retirement, its usage and the policy. */
export type DataProductRetirementResponse =
  JsonValuesUnknown<RestDataProductRetirementResponse>;

/**
 * - retiring: announced; consumers notified; new access requests refused;
 *   waiting for the sunset (or the owner's early confirmation);
 * - running: the steps are running (sunset reached or confirmed);
 * - failed: a step failed too often; the owner confirms again to retry;
 * - retired: every step done; the product is out of the catalog (or marked
 *   retired when its location cannot be removed);
 * - cancelled: withdrawn before the steps started; nothing changed.
 */
export const RETIREMENT_STATUSES = valuesOf<RestRetirementStatus>()([
  'retiring',
  'running',
  'failed',
  'retired',
  'cancelled',
]);

/** Statuses of a retirement that is under way: at most one per product. */
export const ACTIVE_RETIREMENT_STATUSES: readonly RestRetirementStatus[] = [
  'retiring',
  'running',
  'failed',
];

/** The steps, in the order they run. */
export const RETIREMENT_STEPS = valuesOf<RestRetirementStepName>()([
  'stop-pipeline',
  'revoke-grants',
  'archive-data',
  'stop-monitoring',
  'release-resources',
  'remove-from-catalog',
]);

/**
 * - pending: not started;
 * - running: started (a crash leaves it here; it runs again on resume);
 * - waiting: started something that finishes later (e.g. a provisioning run);
 * - succeeded / failed: its last attempt's outcome (failed steps are retried
 *   with a backoff, up to a limit).
 */
export const RETIREMENT_STEP_STATUSES = valuesOf<RestRetirementStepStatus>()([
  'pending',
  'running',
  'waiting',
  'succeeded',
  'failed',
]);

/**
 * Annotations the catalog processor sets on a retiring or retired product and
 * its datasets (with `spec.lifecycle` set to `deprecated` or `retired`).
 */
export const ANNOTATION_RETIREMENT = 'meshport.io/retirement';
/** The sunset (ISO 8601) of a retiring product and its datasets. */
export const ANNOTATION_SUNSET = 'meshport.io/sunset';
/** The `spec.lifecycle` the entity declares, kept when retirement overrides it. */
export const ANNOTATION_DECLARED_LIFECYCLE = 'meshport.io/declared-lifecycle';
