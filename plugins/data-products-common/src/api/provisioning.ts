/*
 * The provisioning REST API of the data-products backend (routes under
 * /api/data-products/provisioning), shared by the backend, the frontend
 * client and the CLI. The types are the models generated from the backend's
 * OpenAPI document, which describes each route; plain JSON, timestamps are
 * ISO 8601 strings.
 */
import type {
  DataProductProvisionerPlan as RestDataProductProvisionerPlan,
  DataProductProvisioningPlanResponse as RestDataProductProvisioningPlanResponse,
  PreviewProvisioningRequest as RestPreviewProvisioningRequest,
  ProductProvisioningChange as RestProductProvisioningChange,
  ProductProvisioningChanges as RestProductProvisioningChanges,
  ProvisioningMode as RestProvisioningMode,
  ProvisioningOperationInfo as RestProvisioningOperationInfo,
  ProvisioningOperationStatus as RestProvisioningOperationStatus,
  ProvisioningRunDetails as RestProvisioningRunDetails,
  ProvisioningRunOperation as RestProvisioningRunOperation,
  ProvisioningRunProblem as RestProvisioningRunProblem,
  ProvisioningRunStatus as RestProvisioningRunStatus,
  ProvisioningRunTrigger as RestProvisioningRunTrigger,
} from '../schema/openapi/generated/models';
import type { JsonValuesUnknown } from './rest';
import { valuesOf } from './rest';

export type {
  ListProvisioningRunsResponse,
  ProductChangeCounts,
  ProductRunChanges,
  ProvisioningDiffLine,
  ProvisioningMode,
  ProvisioningOperationAction,
  ProvisioningOperationStatus,
  ProvisioningRun,
  ProvisioningRunProblem,
  ProvisioningRunScope,
  ProvisioningRunStatus,
  ProvisioningRunSummary,
  ProvisioningRunTrigger,
  TriggerProvisioningRunRequest,
  TriggerProvisioningRunResponse,
} from '../schema/openapi/generated/models';

/**
 * One change a provisioner makes (or would make) to reach the desired state.
 *
 * @public
 */
export type ProvisioningOperationInfo =
  JsonValuesUnknown<RestProvisioningOperationInfo>;
/**
 * An operation as recorded in a run, with its outcome.
 *
 * @public
 */
export type ProvisioningRunOperation =
  JsonValuesUnknown<RestProvisioningRunOperation>;
/**
 * `GET /provisioning/runs/:id`: a run with its operations.
 *
 * @public
 */
export type ProvisioningRunDetails =
  JsonValuesUnknown<RestProvisioningRunDetails>;
/**
 * The desired state of one provisioner for one data product.
 *
 * @public
 */
export type DataProductProvisionerPlan =
  JsonValuesUnknown<RestDataProductProvisionerPlan>;
/**
 * `GET /provisioning/plan?entityRef=` (and `POST /provisioning/preview`).
 *
 * @public
 */
export type DataProductProvisioningPlanResponse =
  JsonValuesUnknown<RestDataProductProvisioningPlanResponse>;
/**
 * Body of `POST /provisioning/preview`: draft entities of one product.
 *
 * @public
 */
export type PreviewProvisioningRequest =
  JsonValuesUnknown<RestPreviewProvisioningRequest>;
/**
 * One change the product's last changing run made (or planned), with a diff to review.
 *
 * @public
 */
export type ProductProvisioningChange =
  JsonValuesUnknown<RestProductProvisioningChange>;
/**
 * `GET /provisioning/changes?entityRef=`: what this product's last run changed.
 *
 * @public
 */
export type ProductProvisioningChanges =
  JsonValuesUnknown<RestProductProvisioningChanges>;

/**
 * - plan: the reconciler records what it would change and never calls the
 *   platform (the default; no cloud credentials needed);
 * - apply: the reconciler changes the platform.
 */
export const PROVISIONING_MODES = valuesOf<RestProvisioningMode>()([
  'plan',
  'apply',
]);

/**
 * Why a run happened:
 * - schedule: the periodic full reconcile;
 * - catalog-change: the input (entities, grants, environments) changed since
 *   the last full run;
 * - grant-change: an access grant was approved, revoked or expired;
 * - manual: someone asked for it (portal button, CLI);
 * - startup: the first full run, or a provisioner added since the last one;
 * - retirement: a retiring product's resources are released.
 */
export const PROVISIONING_RUN_TRIGGERS = valuesOf<RestProvisioningRunTrigger>()(
  [
    'schedule',
    'catalog-change',
    'grant-change',
    'manual',
    'startup',
    'retirement',
  ],
);

/**
 * - queued: waiting for the reconciler;
 * - partial: finished, but some operation failed or the plan has errors.
 */
export const PROVISIONING_RUN_STATUSES = valuesOf<RestProvisioningRunStatus>()([
  'queued',
  'running',
  'succeeded',
  'failed',
  'partial',
]);

/**
 * - planned: recorded in plan mode, never applied;
 * - pending: to be applied in this run, no result yet.
 */
export const PROVISIONING_OPERATION_STATUSES =
  valuesOf<RestProvisioningOperationStatus>()([
    'planned',
    'succeeded',
    'failed',
    'skipped',
    'pending',
  ]);

/**
 * The filters of `GET /provisioning/runs` as the clients take them (typed
 * values; the query string carries them as text).
 */
export interface ListProvisioningRunsRequest {
  /** Runs that targeted or changed this DataProduct; without it, all runs. */
  entityRef?: string;
  status?: RestProvisioningRunStatus;
  /** 1 to 100, default 20. */
  limit?: number;
  offset?: number;
}

/*
 * `GET /provisioning/export` answers with one of two shapes chosen by its
 * `format` query parameter (Terraform JSON, or the provisioners' own JSON
 * below); the document describes that answer as a free JSON object, as it
 * cannot tie a response's schema to a query value.
 */
export const PROVISIONING_EXPORT_FORMATS = ['terraform', 'json'] as const;
export type ProvisioningExportFormat =
  (typeof PROVISIONING_EXPORT_FORMATS)[number];

/** `GET /provisioning/export?format=json`: every provisioner's desired state. */
export interface ProvisioningJsonExport {
  /** Set when the export is limited to one environment. */
  environment?: string;
  provisioners: Array<{
    id: string;
    desired: unknown;
    problems: RestProvisioningRunProblem[];
  }>;
}
