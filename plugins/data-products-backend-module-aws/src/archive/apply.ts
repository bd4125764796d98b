/*
 * Archives for real: copies S3 objects to the archive bucket (server-side,
 * object by object, skipping what an earlier attempt already copied) and
 * writes Glue table definitions there as JSON. Never deletes anything: the
 * originals stay until people decide otherwise.
 */
import {
  GetDatabaseCommand,
  GetTablesCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import {
  CopyObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type {
  ArchiveOperation,
  JsonObject,
} from '@meshport/plugin-data-products-node';
import type { STSClient } from '@aws-sdk/client-sts';
import { createAwsClients, verifyAccount } from '../apply/clients';
import { errorMessage, errorName } from '../apply/retry';
import type { AwsProvisionerConfig } from '../config';
import {
  describeArchiveStep,
  PlannedArchiveStep,
  PlannedGlueExport,
  PlannedS3Copy,
} from './plan';

/** CopyObject copies at most 5 GB in one request. */
export const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;

export interface ArchiveClients {
  s3: S3Client;
  glue: GlueClient;
  /** When present, the account is confirmed before the first copy. */
  sts?: STSClient;
}

/** The environment's own clients and credentials (see ../apply/clients.ts). */
export function createArchiveClients(
  environment: MeshportEnvironment,
  config: AwsProvisionerConfig,
): ArchiveClients {
  const { s3, glue, sts, iam, athena } = createAwsClients(environment, config);
  iam.destroy();
  athena.destroy();
  return { s3, glue, sts };
}

const isNotFound = (error: unknown) =>
  ['NotFound', 'NoSuchKey'].includes(errorName(error)) ||
  (error as { $metadata?: { httpStatusCode?: number } })?.$metadata
    ?.httpStatusCode === 404;

/** S3 wants the copy source's key URL-encoded, `/` kept. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

async function copyPrefix(
  step: PlannedS3Copy,
  s3: S3Client,
  signal?: AbortSignal,
): Promise<JsonObject> {
  let objects = 0;
  let bytes = 0;
  let copied = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: step.sourceBucket,
        Prefix: step.sourcePrefix,
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      if (signal?.aborted) {
        throw new Error('Stopped before every object was copied');
      }
      const key = object.Key!;
      const size = object.Size ?? 0;
      objects += 1;
      bytes += size;
      if (size > MAX_SINGLE_COPY_BYTES) {
        throw new Error(
          `s3://${
            step.sourceBucket
          }/${key} is larger than 5 GB, which needs a multipart copy Meshport does not do yet: copy it by hand to s3://${
            step.targetBucket
          }/${step.targetPrefix}${key.slice(
            step.sourcePrefix.length,
          )} and retry`,
        );
      }
      const targetKey = `${step.targetPrefix}${key.slice(
        step.sourcePrefix.length,
      )}`;
      // Idempotent: an object an earlier attempt copied is not copied again.
      try {
        const head = await s3.send(
          new HeadObjectCommand({ Bucket: step.targetBucket, Key: targetKey }),
        );
        if (head.ContentLength === size && head.ETag === object.ETag) {
          continue;
        }
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      await s3.send(
        new CopyObjectCommand({
          Bucket: step.targetBucket,
          Key: targetKey,
          CopySource: copySource(step.sourceBucket, key),
          MetadataDirective: 'COPY',
          TaggingDirective: 'COPY',
        }),
      );
      copied += 1;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { objects, bytes, copied };
}

async function exportGlue(
  step: PlannedGlueExport,
  clients: ArchiveClients,
): Promise<JsonObject> {
  let database: unknown;
  try {
    database = (
      await clients.glue.send(
        new GetDatabaseCommand({
          CatalogId: step.catalogId,
          Name: step.database,
        }),
      )
    ).Database;
  } catch (error) {
    if (errorName(error) === 'EntityNotFoundException') {
      return {
        tables: 0,
        note: 'the database does not exist: nothing to export',
      };
    }
    throw error;
  }
  const tables: unknown[] = [];
  let token: string | undefined;
  do {
    const page = await clients.glue.send(
      new GetTablesCommand({
        CatalogId: step.catalogId,
        DatabaseName: step.database,
        NextToken: token,
      }),
    );
    for (const table of page.TableList ?? []) {
      if (!step.tables.length || step.tables.includes(table.Name ?? '')) {
        tables.push(table);
      }
    }
    token = page.NextToken;
  } while (token);
  const body = JSON.stringify({ database, tables }, null, 2);
  await clients.s3.send(
    new PutObjectCommand({
      Bucket: step.targetBucket,
      Key: step.targetKey,
      Body: body,
      ContentType: 'application/json',
    }),
  );
  return { tables: tables.length, bytes: Buffer.byteLength(body) };
}

/** Runs the planned steps in order; one failure does not stop the others. */
export async function applyArchive(
  steps: PlannedArchiveStep[],
  options: {
    config: AwsProvisionerConfig;
    environments: MeshportEnvironment[];
    clients?: (environment: MeshportEnvironment) => ArchiveClients;
    signal?: AbortSignal;
  },
): Promise<ArchiveOperation[]> {
  const byName = new Map(options.environments.map(e => [e.name, e]));
  const cache = new Map<string, ArchiveClients>();
  const checks = new Map<string, Promise<void>>();
  const clientsFor = async (environment: MeshportEnvironment) => {
    let clients = cache.get(environment.name);
    if (!clients) {
      clients = options.clients
        ? options.clients(environment)
        : createArchiveClients(environment, options.config);
      cache.set(environment.name, clients);
    }
    const { sts } = clients;
    if (sts) {
      let check = checks.get(environment.name);
      if (!check) {
        check = verifyAccount({ sts }, environment);
        checks.set(environment.name, check);
      }
      await check;
    }
    return clients;
  };
  const operations: ArchiveOperation[] = [];
  try {
    for (const step of steps) {
      const described = describeArchiveStep(step);
      const base = {
        id: step.id,
        environment: step.environment,
        resourceType: step.kind,
        ...described,
      };
      const environment = byName.get(step.environment);
      if (!environment) {
        operations.push({
          ...base,
          status: 'failed',
          error: `Environment ${step.environment} is not configured in meshport.environments`,
        });
        continue;
      }
      try {
        const clients = await clientsFor(environment);
        const details =
          step.kind === 's3-prefix'
            ? await copyPrefix(step, clients.s3, options.signal)
            : await exportGlue(step, clients);
        operations.push({ ...base, status: 'succeeded', details });
      } catch (error) {
        operations.push({
          ...base,
          status: 'failed',
          error: `${errorName(error)}: ${errorMessage(error)}`,
        });
      }
    }
  } finally {
    for (const { s3, glue, sts } of cache.values()) {
      s3.destroy();
      glue.destroy();
      sts?.destroy();
    }
  }
  return operations;
}
