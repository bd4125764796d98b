/*
 * The retirement REST API of the data-products backend, shared by the backend
 * routes and the frontend client. Routes (under /api/data-products):
 *
 *   GET  /retirement?entityRef=<DataProduct>         -> DataProductRetirementResponse
 *   GET  /retirement/status?entityRef=<DataProduct|Dataset> -> RetirementStatusResponse
 *   POST /retirement            StartRetirementRequest  -> Retirement (201)
 *   POST /retirement/:id/confirm                        -> Retirement (202, steps run now)
 *   POST /retirement/:id/cancel CancelRetirementRequest -> Retirement
 *   GET  /retirement/states     (service credentials)   -> RetirementStatesResponse
 *
 * Errors use the Backstage error body: 400 InputError naming the field
 * (`body.sunset: must be at least 30 days from now (2026-12-21)`), 401, 403
 * NotAllowedError, 404 NotFoundError, 409 ConflictError (a second retirement
 * of one product, a cancel after the steps started, an early confirm while
 * consumers still hold access).
 */

/**
 * - retiring: announced; consumers notified; new access requests refused;
 *   waiting for the sunset (or the owner's early confirmation);
 * - running: the steps are running (sunset reached or confirmed);
 * - failed: a step failed too often; the owner confirms again to retry;
 * - retired: every step done; the product is out of the catalog (or marked
 *   retired when its location cannot be removed);
 * - cancelled: withdrawn before the steps started; nothing changed.
 */
export const RETIREMENT_STATUSES = [
  'retiring',
  'running',
  'failed',
  'retired',
  'cancelled',
] as const;
export type RetirementStatus = (typeof RETIREMENT_STATUSES)[number];

/** Statuses of a retirement that is under way: at most one per product. */
export const ACTIVE_RETIREMENT_STATUSES: readonly RetirementStatus[] = [
  'retiring',
  'running',
  'failed',
];

/** The steps, in the order they run. */
export const RETIREMENT_STEPS = [
  'stop-pipeline',
  'revoke-grants',
  'archive-data',
  'stop-monitoring',
  'release-resources',
  'remove-from-catalog',
] as const;
export type RetirementStepName = (typeof RETIREMENT_STEPS)[number];

/**
 * - pending: not started;
 * - running: started (a crash leaves it here; it runs again on resume);
 * - waiting: started something that finishes later (e.g. a provisioning run);
 * - succeeded / failed: its last attempt's outcome (failed steps are retried
 *   with a backoff, up to a limit).
 */
export const RETIREMENT_STEP_STATUSES = [
  'pending',
  'running',
  'waiting',
  'succeeded',
  'failed',
] as const;
export type RetirementStepStatus = (typeof RETIREMENT_STEP_STATUSES)[number];

/** JSON data a step records as its result. */
export type RetirementStepResult = { [key: string]: unknown };

export interface RetirementStep {
  name: RetirementStepName;
  /** 1-based position. */
  seq: number;
  status: RetirementStepStatus;
  /** How often it was started. */
  attempts: number;
  /** A sentence for people about what the step did. */
  summary?: string;
  /** Details of what the step did (counts, ids, operations). */
  result?: RetirementStepResult;
  /** Why the last attempt failed. */
  error?: string;
  startedAt?: string;
  finishedAt?: string;
  /** When a failed step is tried again. */
  nextAttemptAt?: string;
}

/** Whether the catalog entities could be removed at the end. */
export interface RetirementCatalogOutcome {
  /**
   * removed: its registered location (and entities) were removed;
   * retained: it comes from a location Meshport cannot remove (app-config, or
   * a location holding other entities) and stays in the catalog as `retired`.
   */
  removal: 'removed' | 'retained';
  /** Why, and what a person can do. */
  note: string;
  /** `type:target` of the origin location. */
  location?: string;
}

export interface Retirement {
  id: string;
  /** Full DataProduct ref (lowercase). */
  dataProduct: string;
  /** Full Dataset refs of the product's datasets when the retirement started. */
  datasets: string[];
  status: RetirementStatus;
  reason: string;
  /** ISO 8601: when the steps run at the latest. */
  sunset: string;
  /** User ref of the owner who started it. */
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  /** The product's `spec.lifecycle` before the retirement (restored by a cancel). */
  previousLifecycle?: string;
  /** Consumers (DataProduct refs) told about the sunset. */
  notifiedConsumers?: string[];
  notifiedAt?: string;
  confirmedBy?: string;
  confirmedAt?: string;
  /** When the steps started (sunset or confirmation). */
  stepsStartedAt?: string;
  finishedAt?: string;
  cancelledBy?: string;
  cancelledAt?: string;
  cancelNote?: string;
  catalog?: RetirementCatalogOutcome;
}

/** One active grant on one of the product's datasets. */
export interface RetirementConsumerGrant {
  /** The access request holding the grant. */
  requestId: string;
  dataset: string;
  environments: string[];
  status: 'approved' | 'granted';
  requester: string;
  validUntil?: string;
  /** When it was approved (or created). */
  since: string;
}

/** A consuming DataProduct with its active grants on the product's datasets. */
export interface RetirementConsumer {
  consumer: string;
  /** Its title, for people. */
  title?: string;
  /** It lists one of the datasets as an input port. */
  declared?: boolean;
  /**
   * Datasets it declares (or reads) without holding access: it is told of
   * the retirement, but does not hold the confirmation back.
   */
  datasets?: string[];
  grants: RetirementConsumerGrant[];
}

/** Something that shows the product was used or changed recently. */
export interface RetirementActivity {
  source: 'access-request' | 'provisioning-run';
  at: string;
  description: string;
}

/** What the owner should know before confirming. */
export interface RetirementUsage {
  consumers: RetirementConsumer[];
  /** Active grants the product itself holds as a consumer (its inputs). */
  inputGrants: number;
  /** Titles of the datasets the consumers use. */
  datasetTitles?: Array<{ ref: string; title: string }>;
  /** Newest first, one per source at most. */
  lastActivity: RetirementActivity[];
  /**
   * Reads of its datasets (lineage runs and usage collectors, e.g. Athena
   * query history): the last one, and the other products that read in the
   * last 30 days. Absent without the lineage feature.
   */
  reads?: {
    /** ISO 8601 of the last read, if any. */
    lastRead?: string;
    /** DataProduct refs (or job names) that read in the last 30 days. */
    readersLast30Days: string[];
  };
}

export interface RetirementPolicy {
  /** The configured notice period, for people (`30 days`). */
  noticePeriod: string;
  noticePeriodMs: number;
  /** The earliest sunset a new retirement may have (ISO 8601, a UTC midnight). */
  earliestSunset: string;
  /** The latest sunset a new retirement may have (ISO 8601, a UTC midnight; `meshport.retirement.maxNoticePeriod`). */
  latestSunset: string;
}

export interface DataProductRetirementResponse {
  entityRef: string;
  /** The active retirement, or else the latest finished one; absent if never retired. */
  retirement?: Retirement;
  /** The steps of `retirement`, in order. */
  steps: RetirementStep[];
  usage: RetirementUsage;
  policy: RetirementPolicy;
  /** Whether the caller may start, confirm or cancel (the server checks again). */
  canManage: boolean;
}

export interface StartRetirementRequest {
  entityRef: string;
  reason: string;
  /** ISO 8601 date (`2026-12-21`, a UTC midnight) or date-time. */
  sunset: string;
}

export interface CancelRetirementRequest {
  note?: string;
}

/** How a DataProduct or Dataset stands, for banners. */
export interface RetirementStatusResponse {
  /** The entity asked about. */
  entityRef: string;
  /** Its DataProduct (itself for a product). */
  dataProduct?: string;
  /** Absent when nothing is being retired. */
  state?: 'retiring' | 'retired';
  retirementId?: string;
  status?: RetirementStatus;
  sunset?: string;
  reason?: string;
}

/** The retirement states the catalog processor applies. */
export interface RetirementStatesResponse {
  items: Array<{
    dataProduct: string;
    datasets: string[];
    state: 'retiring' | 'retired';
    sunset: string;
  }>;
}

/**
 * Annotations the catalog processor sets on a retiring or retired product and
 * its datasets (with `spec.lifecycle` set to `deprecated` or `retired`).
 */
export const ANNOTATION_RETIREMENT = 'meshport.io/retirement';
/** The sunset (ISO 8601) of a retiring product and its datasets. */
export const ANNOTATION_SUNSET = 'meshport.io/sunset';
/** The `spec.lifecycle` the entity declares, kept when retirement overrides it. */
export const ANNOTATION_DECLARED_LIFECYCLE = 'meshport.io/declared-lifecycle';
