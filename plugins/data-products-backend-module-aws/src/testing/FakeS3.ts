/*
 * A small stateful S3 behind `mockClient(S3Client)`: buckets of objects with
 * size and ETag, paged listing, server-side copy and put. Enough for
 * archiving; buckets are shared by all regions (S3 names are global).
 */
import * as s3Sdk from '@aws-sdk/client-s3';
import type { AwsStub } from 'aws-sdk-client-mock';
import { FakeService } from './FakeService';

interface StoredObject {
  body: string;
  size: number;
  etag: string;
}

const metadata = (httpStatusCode: number) => ({
  httpStatusCode,
  requestId: 'fake',
});

const COMMANDS = [
  'ListObjectsV2',
  'HeadObject',
  'CopyObject',
  'PutObject',
] as const;

export class FakeS3 extends FakeService {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  private etags = 0;

  constructor(private readonly pageSize = 1000) {
    super();
  }

  protected throttlingError(message: string): Error {
    return new s3Sdk.S3ServiceException({
      name: 'SlowDown',
      $fault: 'server',
      message,
      $metadata: metadata(503),
    });
  }

  protected isWrite(command: string): boolean {
    return command === 'CopyObject' || command === 'PutObject';
  }

  install(stub: AwsStub<any, any, any>): void {
    stub.callsFake(() => {
      throw new Error('The fake S3 does not implement this command');
    });
    for (const command of COMMANDS) {
      stub
        .on((s3Sdk as any)[`${command}Command`])
        .callsFake(async (input: any) =>
          (this as any)[command[0].toLowerCase() + command.slice(1)](input),
        );
    }
  }

  // ---- set-up and inspection for tests ----------------------------------------

  createBucket(name: string): void {
    if (!this.buckets.has(name)) this.buckets.set(name, new Map());
  }

  /** Writes an object by hand (a pipeline's output). */
  putByHand(bucket: string, key: string, body: string): void {
    this.createBucket(bucket);
    this.buckets.get(bucket)!.set(key, {
      body,
      size: Buffer.byteLength(body),
      etag: `"etag-${++this.etags}"`,
    });
  }

  keys(bucket: string): string[] {
    return [...(this.buckets.get(bucket)?.keys() ?? [])].sort();
  }

  body(bucket: string, key: string): string | undefined {
    return this.buckets.get(bucket)?.get(key)?.body;
  }

  // ---- S3 APIs -----------------------------------------------------------------

  listObjectsV2(input: any) {
    return this.run('ListObjectsV2', input, () => {
      const keys = this.keys(this.bucket(input.Bucket).name).filter(key =>
        key.startsWith(input.Prefix ?? ''),
      );
      const start = input.ContinuationToken
        ? Number(input.ContinuationToken)
        : 0;
      const page = keys.slice(start, start + this.pageSize);
      const truncated = start + this.pageSize < keys.length;
      const objects = this.bucket(input.Bucket).objects;
      return {
        Contents: page.map(Key => ({
          Key,
          Size: objects.get(Key)!.size,
          ETag: objects.get(Key)!.etag,
        })),
        IsTruncated: truncated,
        ...(truncated
          ? { NextContinuationToken: String(start + this.pageSize) }
          : {}),
        $metadata: metadata(200),
      };
    });
  }

  headObject(input: any) {
    return this.run('HeadObject', input, () => {
      const object = this.bucket(input.Bucket).objects.get(input.Key);
      if (!object) {
        throw new s3Sdk.NotFound({
          message: 'Not Found',
          $metadata: metadata(404),
        });
      }
      return {
        ContentLength: object.size,
        ETag: object.etag,
        $metadata: metadata(200),
      };
    });
  }

  copyObject(input: any) {
    return this.run('CopyObject', input, () => {
      const [sourceBucket, ...rest] = String(input.CopySource).split('/');
      const sourceKey = rest.map(decodeURIComponent).join('/');
      const source = this.bucket(sourceBucket).objects.get(sourceKey);
      if (!source) {
        throw new s3Sdk.NoSuchKey({
          message: 'The specified key does not exist.',
          $metadata: metadata(404),
        });
      }
      // A single-part copy keeps the ETag (the MD5 of the content).
      this.bucket(input.Bucket).objects.set(input.Key, { ...source });
      return {
        CopyObjectResult: { ETag: source.etag },
        $metadata: metadata(200),
      };
    });
  }

  putObject(input: any) {
    return this.run('PutObject', input, () => {
      const body = String(input.Body);
      this.bucket(input.Bucket).objects.set(input.Key, {
        body,
        size: Buffer.byteLength(body),
        etag: `"etag-${++this.etags}"`,
      });
      return { $metadata: metadata(200) };
    });
  }

  private bucket(name: string) {
    const objects = this.buckets.get(name);
    if (!objects) {
      throw new s3Sdk.NoSuchBucket({
        message: 'The specified bucket does not exist',
        $metadata: metadata(404),
      });
    }
    return { name, objects };
  }
}
