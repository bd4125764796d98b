/* The Athena workgroup family of the differ. */
import type { AwsAthenaWorkgroup } from '../../model';
import { WorkgroupDetails } from '../operations';
import { Phase, tagsDiffer } from './common';
import { ManagedResourceFamily } from './managed';

type WorkgroupChange = 'configuration' | 'description' | 'tags';

export const workgroups: ManagedResourceFamily<
  AwsAthenaWorkgroup,
  AwsAthenaWorkgroup,
  WorkgroupDetails,
  WorkgroupChange
> = {
  resourceType: 'athena-workgroup',
  label: 'Athena workgroup',
  upsertPhase: Phase.WorkgroupUpsert,
  deletePhase: Phase.WorkgroupDelete,
  details: workgroup => ({
    name: workgroup.name,
    arn: workgroup.arn,
    outputLocation: workgroup.outputLocation,
    bytesScannedCutoffPerQuery: workgroup.bytesScannedCutoffPerQuery,
    enforceWorkGroupConfiguration: workgroup.enforceWorkGroupConfiguration,
    publishCloudWatchMetricsEnabled: workgroup.publishCloudWatchMetricsEnabled,
    description: workgroup.description,
    tags: workgroup.tags,
  }),
  changes(workgroup, existing) {
    const changes: WorkgroupChange[] = [];
    if (
      existing.outputLocation !== workgroup.outputLocation ||
      existing.bytesScannedCutoffPerQuery !==
        workgroup.bytesScannedCutoffPerQuery ||
      // The reader reports the real flag, which may be false after a hand edit.
      (existing.enforceWorkGroupConfiguration as boolean) !==
        workgroup.enforceWorkGroupConfiguration ||
      existing.publishCloudWatchMetricsEnabled !==
        workgroup.publishCloudWatchMetricsEnabled
    ) {
      changes.push('configuration');
    }
    if (existing.description !== workgroup.description)
      changes.push('description');
    if (tagsDiffer(workgroup.tags, existing.tags)) changes.push('tags');
    return changes;
  },
  deleteDetails: workgroup => ({ name: workgroup.name, arn: workgroup.arn }),
};
