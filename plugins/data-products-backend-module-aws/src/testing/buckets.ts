/*
 * Test set-up: the data lake buckets of environments, created in each
 * environment's own account before Meshport runs (Meshport never creates
 * buckets).
 */
import {
  BucketLocationConstraint,
  CreateBucketCommand,
} from '@aws-sdk/client-s3';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { createAwsClients } from '../apply/clients';
import type { AwsProvisionerConfig } from '../config';

export async function createDataLakeBuckets(
  environments: MeshportEnvironment[],
  config: AwsProvisionerConfig,
): Promise<void> {
  for (const environment of environments) {
    const { s3 } = createAwsClients(environment, config);
    for (const bucket of Object.values(environment.buckets)) {
      await s3.send(
        new CreateBucketCommand({
          Bucket: bucket.name,
          CreateBucketConfiguration: {
            LocationConstraint: environment.region as BucketLocationConstraint,
          },
        }),
      );
    }
    s3.destroy();
  }
}
