/*
 * Applies the cross-account plan (IAM mode): Meshport's statements in the
 * producer's bucket policies and Glue catalog resource policy, and the
 * Athena data catalogs in the reader's account. Each change is made with the
 * credentials of the account owning the resource, after STS confirmed that
 * account.
 *
 * Policies are merged, never replaced: statements whose `Sid` starts with
 * `Meshport` are Meshport's (replaced by the planned ones, none when no
 * reader is left), every other statement is kept as found. A resource
 * already holding the planned statements is not written; a policy left with
 * no statement is deleted.
 *
 * KMS key policies (SSE-KMS buckets, `bucketKmsKeys`) are merged the same
 * way, in the key owner's account; a key policy is never deleted.
 */
import {
  CreateDataCatalogCommand,
  GetDataCatalogCommand,
  UpdateDataCatalogCommand,
} from '@aws-sdk/client-athena';
import {
  GetKeyPolicyCommand,
  KMSClient,
  PutKeyPolicyCommand,
} from '@aws-sdk/client-kms';
import {
  DeleteResourcePolicyCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-glue';
import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type {
  AwsAthenaDataCatalog,
  AwsDesiredState,
  AwsResourcePolicyGrant,
  PolicyDocument,
  PolicyStatement,
} from '../model';
import { AwsClients, verifyAccount } from './clients';
import { canonicalPolicy, parsePolicyDocument } from './policyDocuments';

export const MESHPORT_SID_PREFIX = 'Meshport';
/** A KMS key has one policy, named `default`. */
const KEY_POLICY_NAME = 'default';

function kmsOf(clients: AwsClients): KMSClient {
  if (!clients.kms) throw new Error('No KMS client for key policies');
  return clients.kms;
}

/**
 * Pure: `existing` with Meshport's statements replaced by `planned`. `changed`
 * is false when it already holds exactly the planned statements.
 */
export function mergeMeshportStatements(
  existing: string | undefined,
  planned: PolicyStatement[],
): { document: PolicyDocument; changed: boolean } {
  const parsed = existing
    ? parsePolicyDocument(existing)
    : { Version: '2012-10-17' as const, Statement: [] };
  const raw = parsed.Statement as PolicyStatement | PolicyStatement[];
  const statements = Array.isArray(raw) ? raw : [raw];
  const isOurs = (s: PolicyStatement) =>
    (s.Sid ?? '').startsWith(MESHPORT_SID_PREFIX);
  const ours = statements.filter(isOurs);
  const document: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [...statements.filter(s => !isOurs(s)), ...planned],
  };
  const changed =
    canonicalPolicy({ Version: '2012-10-17', Statement: ours }) !==
    canonicalPolicy({ Version: '2012-10-17', Statement: planned });
  return { document, changed };
}

export interface CrossAccountResult {
  environment: string;
  kind: AwsResourcePolicyGrant['kind'] | 'athena-data-catalog';
  resource: string;
  outcome: 'unchanged' | 'written' | 'not-applied' | 'failed';
  /** A sentence for people when not applied or failed. */
  message?: string;
}

const nameOf = (error: unknown) =>
  (error as { name?: string } | undefined)?.name ?? '';

/** The policy document `policy`'s resource holds now (undefined: none). */
export async function readResourcePolicy(
  clients: AwsClients,
  policy: Pick<AwsResourcePolicyGrant, 'kind' | 'resource'>,
): Promise<string | undefined> {
  try {
    if (policy.kind === 's3-bucket-policy') {
      return (
        await clients.s3.send(
          new GetBucketPolicyCommand({ Bucket: policy.resource }),
        )
      ).Policy;
    }
    if (policy.kind === 'kms-key-policy') {
      return (
        await kmsOf(clients).send(
          new GetKeyPolicyCommand({
            KeyId: policy.resource,
            PolicyName: KEY_POLICY_NAME,
          }),
        )
      ).Policy;
    }
    return (await clients.glue.send(new GetResourcePolicyCommand({})))
      .PolicyInJson;
  } catch (error) {
    if (
      !['NoSuchBucketPolicy', 'EntityNotFoundException'].includes(nameOf(error))
    ) {
      throw error;
    }
    return undefined;
  }
}

/** Merges Meshport's statements into the resource's policy; writes only when they differ. */
export async function applyPolicy(
  clients: AwsClients,
  policy: AwsResourcePolicyGrant,
): Promise<CrossAccountResult['outcome']> {
  const existing = await readResourcePolicy(clients, policy);
  const merged = mergeMeshportStatements(existing, policy.statements);
  if (!merged.changed) return 'unchanged';
  if (merged.document.Statement.length === 0) {
    // A key always has a policy (its account's own statement at least).
    if (policy.kind === 'kms-key-policy') return 'unchanged';
    // Meshport's statements were all there was: a policy cannot be empty.
    if (policy.kind === 's3-bucket-policy') {
      await clients.s3.send(
        new DeleteBucketPolicyCommand({ Bucket: policy.resource }),
      );
    } else {
      await clients.glue.send(new DeleteResourcePolicyCommand({}));
    }
    return 'written';
  }
  const document = JSON.stringify(merged.document);
  if (policy.kind === 'kms-key-policy') {
    await kmsOf(clients).send(
      new PutKeyPolicyCommand({
        KeyId: policy.resource,
        PolicyName: KEY_POLICY_NAME,
        Policy: document,
      }),
    );
  } else if (policy.kind === 's3-bucket-policy') {
    await clients.s3.send(
      new PutBucketPolicyCommand({ Bucket: policy.resource, Policy: document }),
    );
  } else {
    await clients.glue.send(
      new PutResourcePolicyCommand({ PolicyInJson: document }),
    );
  }
  return 'written';
}

/** The `catalog-id` of the data catalog named `name`, or undefined when there is none. */
export async function readDataCatalogId(
  clients: AwsClients,
  name: string,
): Promise<string | undefined | null> {
  try {
    const { DataCatalog } = await clients.athena.send(
      new GetDataCatalogCommand({ Name: name }),
    );
    // AWS answers a missing catalog with an error, moto with no catalog.
    if (!DataCatalog) return undefined;
    return DataCatalog.Parameters?.['catalog-id'] ?? null;
  } catch (error) {
    if (
      !['InvalidRequestException', 'ResourceNotFoundException'].includes(
        nameOf(error),
      )
    ) {
      throw error;
    }
    return undefined;
  }
}

export async function applyDataCatalog(
  clients: AwsClients,
  catalog: AwsAthenaDataCatalog,
): Promise<CrossAccountResult['outcome']> {
  const parameters = { 'catalog-id': catalog.catalogId };
  const found = await readDataCatalogId(clients, catalog.name);
  if (found === undefined) {
    await clients.athena.send(
      new CreateDataCatalogCommand({
        Name: catalog.name,
        Type: catalog.type,
        Description: catalog.description,
        Parameters: parameters,
        Tags: Object.entries(catalog.tags).map(([Key, Value]) => ({
          Key,
          Value,
        })),
      }),
    );
    return 'written';
  }
  if (found === catalog.catalogId) return 'unchanged';
  await clients.athena.send(
    new UpdateDataCatalogCommand({
      Name: catalog.name,
      Type: catalog.type,
      Description: catalog.description,
      Parameters: parameters,
    }),
  );
  return 'written';
}

/**
 * Applies `state.resourcePolicies` and `state.dataCatalogs`, each in its
 * account. An environment whose credentials are of another account gets
 * nothing written and its items fail with the reason.
 */
export async function applyCrossAccount(
  state: Pick<
    AwsDesiredState,
    'environments' | 'resourcePolicies' | 'dataCatalogs'
  >,
  clientsOf: (environment: MeshportEnvironment) => AwsClients,
): Promise<CrossAccountResult[]> {
  const environments = new Map(state.environments.map(e => [e.name, e]));
  const verified = new Map<string, Promise<void>>();
  const clientsFor = async (name: string) => {
    const environment = environments.get(name)!;
    const clients = clientsOf(environment);
    if (!verified.has(name))
      verified.set(name, verifyAccount(clients, environment));
    await verified.get(name);
    return clients;
  };
  const results: CrossAccountResult[] = [];
  const run = async (
    item: Omit<CrossAccountResult, 'outcome' | 'message'>,
    write: (clients: AwsClients) => Promise<CrossAccountResult['outcome']>,
  ) => {
    try {
      const outcome = await write(await clientsFor(item.environment));
      results.push({ ...item, outcome });
    } catch (error) {
      results.push({
        ...item,
        outcome: 'failed',
        message: (error as Error).message,
      });
    }
  };
  for (const policy of state.resourcePolicies ?? []) {
    const item = {
      environment: policy.environment,
      kind: policy.kind,
      resource: policy.resource,
    };
    await run(item, clients => applyPolicy(clients, policy));
  }
  for (const catalog of state.dataCatalogs ?? []) {
    await run(
      {
        environment: catalog.environment,
        kind: 'athena-data-catalog',
        resource: catalog.name,
      },
      clients => applyDataCatalog(clients, catalog),
    );
  }
  return results;
}
