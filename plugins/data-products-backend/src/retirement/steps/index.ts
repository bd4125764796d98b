/*
 * The retirement steps by name: a step the machine (../machine.ts) names but
 * nobody implements is a compile error here, not an "unknown step" at runtime.
 */
import type { RetirementStepName } from '@meshport/plugin-data-products-common';
import { archiveData } from './archiveData';
import { releaseResources } from './releaseResources';
import { removeFromCatalog } from './removeFromCatalog';
import { revokeGrants } from './revokeGrants';
import { stopMonitoring } from './stopMonitoring';
import { stopPipeline } from './stopPipeline';
import type { RetirementStepDefinition } from './types';

export type {
  RetirementStepDefinition,
  StepContext,
  StepDependencies,
} from './types';

export const retirementSteps: Record<
  RetirementStepName,
  RetirementStepDefinition
> = {
  'stop-pipeline': stopPipeline,
  'revoke-grants': revokeGrants,
  'archive-data': archiveData,
  'stop-monitoring': stopMonitoring,
  'release-resources': releaseResources,
  'remove-from-catalog': removeFromCatalog,
};
