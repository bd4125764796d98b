/*
 * The AWS provisioner for Meshport data products.
 */
export { dataProductsModuleAws as default } from './module';
export { AwsProvisioner } from './provisioner';
export type { AwsProvisionerOptions } from './provisioner';
export * from './model';
export * from './config';
export { planAwsDesiredState } from './plan/planner';
export type { PlanAwsOptions } from './plan/planner';
export { renderTerraform } from './plan/terraform';
export { parseGrantsFile } from './plan/grantsFile';
export { GlueSliCollector, parseRowCount } from './slo/GlueSliCollector';
export type { GlueSliCollectorOptions } from './slo/GlueSliCollector';
export {
  createAwsClients,
  countingClients,
  emptyCallCounts,
  verifyAccount,
  AccountMismatchError,
  AwsClientCache,
} from './apply/clients';
export type {
  AwsClients,
  AwsClientsFactory,
  AwsCallCounts,
} from './apply/clients';
export {
  effectiveEnvironmentSettings,
  resolveAwsEnvironmentConfig,
} from './environmentConfig';
export type {
  AwsEnvironmentConfig,
  AwsEnvironmentCredentialsConfig,
} from './environmentConfig';
