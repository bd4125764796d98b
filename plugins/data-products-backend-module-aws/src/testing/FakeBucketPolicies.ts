/*
 * Bucket policies of one fake account (cross-account reads): what
 * GetBucketPolicy and PutBucketPolicy see. Buckets need not exist.
 */
import { S3ServiceException } from '@aws-sdk/client-s3';
import { FakeService } from './FakeService';

export class FakeBucketPolicies extends FakeService {
  readonly policies = new Map<string, string>();

  protected throttlingError(message: string): Error {
    return new S3ServiceException({
      name: 'SlowDown',
      $fault: 'server',
      message,
      $metadata: { httpStatusCode: 503 },
    });
  }

  getBucketPolicy(input: any) {
    return this.run('GetBucketPolicy', input, () => {
      const policy = this.policies.get(input.Bucket);
      if (policy === undefined) {
        throw new S3ServiceException({
          name: 'NoSuchBucketPolicy',
          $fault: 'client',
          message: 'The bucket policy does not exist',
          $metadata: { httpStatusCode: 404 },
        });
      }
      return { Policy: policy, $metadata: {} };
    });
  }

  putBucketPolicy(input: any) {
    return this.run('PutBucketPolicy', input, () => {
      this.policies.set(input.Bucket, input.Policy);
      return { $metadata: {} };
    });
  }
}
