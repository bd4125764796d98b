/*
 * Who consumes what: one answer, computed on the server, shown the same on
 * the Dataset's overview and Access tab, the product's Access tab and
 * retirement's usage. Route (under /api/data-products):
 *
 *   GET /consumption?entityRef=<DataProduct or Dataset ref>  -> ConsumptionResponse
 */
import type { ContractChange } from '../contracts/diff';
import type { AccessRequestStatus } from './access';

/** A newer major version replaces the dataset: what accepting "migrate" does. */
export interface ConsumptionMigration {
  /** Full ref of the Dataset that replaces it. */
  successor: string;
  /** Its title (its name when it has none). */
  successorTitle: string;
  /** e.g. `2.0.0` */
  version: string;
  /** Last day the old version is served, `YYYY-MM-DD`. */
  sunset: string;
  /** From the old version to the new one, breaking ones first. */
  changes: ContractChange[];
  /** The new version's access is tighter: accepting asks its owners. */
  needsApproval: boolean;
  /** The consumer's open request on the new version, once it accepted. */
  successorRequest?: { id: string; status: AccessRequestStatus };
}

/**
 * How one consumer product stands with one dataset, the strongest first:
 * - granted: it holds access (approved or granted) in some environments;
 * - requested: a request waits for a decision;
 * - declared: it lists the dataset as an input port, with no open request;
 * - read: lineage saw it read the dataset without declaring or holding access.
 */
export type ConsumptionState = 'granted' | 'requested' | 'declared' | 'read';

export interface Consumption {
  /** Full ref of the consuming DataProduct. */
  consumer: string;
  /** Its title (its name when it has none). */
  consumerTitle: string;
  /** Full ref of the Dataset. */
  dataset: string;
  datasetTitle: string;
  state: ConsumptionState;
  /** It lists the dataset in `spec.inputPorts`. */
  declared: boolean;
  /** The input port's purpose, when declared. */
  purpose?: string;
  /** The newest open access request (pending, approved or granted). */
  request?: {
    id: string;
    status: AccessRequestStatus;
    requester: string;
    environments: string[];
  };
  /** Environments in which it holds access (approved or granted requests). */
  grantedEnvironments: string[];
  /** It holds access without listing the dataset as an input port. */
  undeclaredGrant: boolean;
  /** Lineage saw it read the dataset without an input port or a grant. */
  undeclaredRead: boolean;
  /** Inputs only: a newer major version replaces the dataset (the first, if several). */
  migration?: ConsumptionMigration;
}

export interface ConsumptionResponse {
  entityRef: string;
  /**
   * Products consuming the entity's datasets (a Dataset: itself; a
   * DataProduct: its datasets), sorted by dataset, then consumer title.
   */
  consumers: Consumption[];
  /** For a DataProduct: the datasets it consumes (its input ports and grants). */
  inputs: Consumption[];
}
