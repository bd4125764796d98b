/*
 * A retirement step: a name and what it does, given the retirement, the
 * stored step (its attempts and earlier result) and what the steps use. Each
 * step is idempotent: the runner may run it again after a failure or a wait.
 */
import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  MeshportEnvironment,
  RetirementStep,
  RetirementStepName,
} from '@meshport/plugin-data-products-common';
import type {
  DataProductsRetirementHook,
  PlatformProvisioner,
} from '@meshport/plugin-data-products-node';
import type { AccessGrantsService, SloMonitoringService } from '../../features';
import type { StepOutcome } from '../machine';
import type { RetirementQueries } from '../queries';
import type { RetirementStore, StoredRetirement } from '../RetirementStore';
import type { RetirementProvisioning } from '../shared';

/** What the steps use. */
export interface StepDependencies {
  store: RetirementStore;
  catalog: CatalogService;
  auth: AuthService;
  provisioning: RetirementProvisioning;
  provisioners: PlatformProvisioner[];
  hooks: DataProductsRetirementHook[];
  environments: MeshportEnvironment[];
  accessGrants: AccessGrantsService;
  sloMonitoring: SloMonitoringService;
  queries: Pick<RetirementQueries, 'currentEntities'>;
  now(): Date;
}

export interface StepContext {
  retirement: StoredRetirement;
  step: RetirementStep;
  signal?: AbortSignal;
  deps: StepDependencies;
}

export interface RetirementStepDefinition {
  name: RetirementStepName;
  run(context: StepContext): Promise<StepOutcome>;
}
