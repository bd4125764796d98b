/*
 * What people read about a retirement's steps: one list for the Retirement
 * tab, the backend's refusals and notifications, so they never say a step
 * two ways.
 */
import type { RetirementStepName } from './api/retirement';

/**
 * Each retirement step as people name it (`Archive the data`), for the tab,
 * refusals and notifications.
 *
 * @public
 */
export const RETIREMENT_STEP_LABELS: Readonly<
  Record<RetirementStepName, string>
> = {
  'stop-pipeline': 'Stop the pipeline',
  'revoke-grants': "Revoke every consumer's access",
  'archive-data': 'Archive the data',
  'stop-monitoring': 'Delete the SLO monitors',
  'release-resources': 'Release roles and workgroups',
  'remove-from-catalog': 'Mark retired and remove from the catalog',
};
