/*
 * What the reconciler offers the other features: runs asked for, the
 * trigger access requests and retirement use, and what a finished run
 * reports to its listeners.
 */
import type {
  ProvisioningRun,
  ProvisioningRunScope,
  ProvisioningRunTrigger,
} from '@meshport/plugin-data-products-common';

export interface RunRequest {
  trigger: ProvisioningRunTrigger;
  /** Undefined for the whole mesh. */
  scope?: ProvisioningRunScope;
  /** Entity ref of the user who asked for the run. */
  requestedBy?: string;
}

/**
 * What other parts of the plugin (e.g. access requests) use to ask for a
 * reconcile of the products a change affects. The run is queued and picked
 * up by the reconcile task shortly after.
 */
export interface ProvisioningTrigger {
  trigger(request: {
    reason: Extract<
      ProvisioningRunTrigger,
      'grant-change' | 'manual' | 'retirement'
    >;
    /** Full DataProduct refs; none for the whole mesh. */
    dataProducts?: string[];
    requestedBy?: string;
  }): Promise<ProvisioningRun>;
}

/**
 * What a finished run reports to listeners (e.g. access requests, which mark
 * a grant "granted" once a run that included it was applied, or planned in
 * plan mode).
 */
export interface RunFinishedEvent {
  run: ProvisioningRun;
  /** The grants in the run's input (active at its start), by id. Empty when gathering the input failed. */
  grantIds: string[];
  /** Full DataProduct refs the run covered; undefined for the whole mesh. */
  dataProducts?: string[];
  /** Grants of the run a provisioner does not hold yet (apply mode): not granted. */
  grantIdsNotHeld?: string[];
}

export type RunFinishedListener = (event: RunFinishedEvent) => Promise<void>;
