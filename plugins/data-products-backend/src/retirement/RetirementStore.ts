/*
 * Where retirements, their steps and their history live. The database is the
 * memory: after a crash the scheduler continues from these rows.
 */
import type {
  Retirement,
  RetirementCatalogOutcome,
  RetirementStatus,
  RetirementStep,
  RetirementStepName,
  RetirementStepStatus,
} from '@meshport/plugin-data-products-common';

export interface NewRetirement {
  id: string;
  dataProduct: string;
  datasets: string[];
  reason: string;
  sunset: Date;
  requestedBy: string;
  previousLifecycle?: string;
  /** The product and dataset entities, kept as history. */
  snapshot?: unknown;
  createdAt: Date;
}

/** Fields of a retirement that change over its life. */
export interface RetirementPatch {
  status?: RetirementStatus;
  notifiedConsumers?: string[];
  notifiedAt?: Date;
  notifyAttempts?: number;
  confirmedBy?: string;
  confirmedAt?: Date;
  stepsStartedAt?: Date;
  finishedAt?: Date;
  cancelledBy?: string;
  cancelledAt?: Date;
  cancelNote?: string;
  catalog?: RetirementCatalogOutcome;
  updatedAt: Date;
}

export interface StepPatch {
  status?: RetirementStepStatus;
  attempts?: number;
  summary?: string | null;
  result?: Record<string, unknown> | null;
  error?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  nextAttemptAt?: Date | null;
  updatedAt: Date;
}

export type RetirementEventType =
  | 'started'
  | 'notified'
  | 'confirmed'
  | 'steps-started'
  | 'step-succeeded'
  | 'step-failed'
  | 'failed'
  | 'retired'
  | 'cancelled';

export interface RetirementEvent {
  id: string;
  retirementId: string;
  type: RetirementEventType;
  actor: string;
  at: string;
  step?: RetirementStepName;
  note?: string;
}

/** A stored retirement with the fields only the backend uses. */
export interface StoredRetirement extends Retirement {
  notifyAttempts: number;
  snapshot?: unknown;
}

export interface RetirementStore {
  /** Stores a retirement with all its steps pending; ConflictError when the product already has an active one. */
  createRetirement(retirement: NewRetirement): Promise<StoredRetirement>;
  getRetirement(id: string): Promise<StoredRetirement | undefined>;
  /** The active retirement of the product, else its latest one. */
  getLatestForProduct(
    dataProduct: string,
  ): Promise<StoredRetirement | undefined>;
  /** Retirements in these statuses, oldest first. */
  listByStatus(statuses: RetirementStatus[]): Promise<StoredRetirement[]>;
  /**
   * Applies the patch if the retirement is in one of `expectedStatuses`
   * (when given). Returns whether it applied: the compare-and-set that keeps
   * a cancel and the sunset from both winning.
   */
  updateRetirement(
    id: string,
    patch: RetirementPatch,
    expectedStatuses?: RetirementStatus[],
  ): Promise<boolean>;
  listSteps(retirementId: string): Promise<RetirementStep[]>;
  updateStep(
    retirementId: string,
    step: RetirementStepName,
    patch: StepPatch,
  ): Promise<void>;
  addEvent(
    event: Omit<RetirementEvent, 'id' | 'at'> & { at: Date },
  ): Promise<void>;
  listEvents(retirementId: string): Promise<RetirementEvent[]>;
  /**
   * Products whose resources are released: retired, or under way with the
   * release step started.
   */
  listReleasedProducts(): Promise<string[]>;
}
