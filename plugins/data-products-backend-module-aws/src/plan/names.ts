/*
 * Deterministic names and ARNs of the resources Meshport manages in AWS.
 */
import { createHash } from 'node:crypto';
import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { AwsRoleKind } from '../model';

/** IAM role names are at most 64 characters. */
export const IAM_ROLE_NAME_MAX = 64;
/** IAM policy names are at most 128 characters. */
export const IAM_POLICY_NAME_MAX = 128;
/** Athena workgroup names are at most 128 characters. */
export const ATHENA_WORKGROUP_NAME_MAX = 128;
/** The longest role kind, so the three roles of a product share one product part. */
const LONGEST_KIND = 'consumer';
const HASH_LENGTH = 8;

/**
 * Parses a possibly short entity ref and returns it in full, lowercased
 * (entity refs compare case-insensitively), e.g. `orders` ->
 * `dataset:default/orders`.
 */
export function normalizeRef(
  ref: string,
  defaultKind: string,
  defaultNamespace: string = DEFAULT_NAMESPACE,
): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace }),
  ).toLocaleLowerCase('en-US');
}

/**
 * `normalizeRef` remembering its results: for plans that normalise the same
 * few thousand refs many times (grants). Invalid refs still throw each time.
 */
export function cachedRefNormalizer(): typeof normalizeRef {
  const cache = new Map<string, string>();
  return (ref, defaultKind, defaultNamespace = DEFAULT_NAMESPACE) => {
    const key = `${defaultKind}\n${defaultNamespace}\n${ref}`;
    let normalized = cache.get(key);
    if (normalized === undefined) {
      normalized = normalizeRef(ref, defaultKind, defaultNamespace);
      cache.set(key, normalized);
    }
    return normalized;
  };
}

export function refOf(entity: {
  kind: string;
  metadata: { name: string; namespace?: string };
}): string {
  return stringifyEntityRef({
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: entity.metadata.name,
  }).toLocaleLowerCase('en-US');
}

/**
 * The product's name in AWS resource names: its entity name, prefixed with
 * its namespace outside the default namespace.
 */
export function productSlug(ref: string): string {
  const { namespace, name }: CompoundEntityRef = parseEntityRef(ref);
  return namespace === DEFAULT_NAMESPACE ? name : `${namespace}-${name}`;
}

/** Short, stable hash of a string (hex). */
export function shortHash(value: string, length = HASH_LENGTH): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}

/**
 * `<head><part><tail>` within `max` characters: when too long, the middle part
 * is cut and a hash of `hashSource` appended, so distinct sources never share
 * a name and the same source always gets the same one. Returns undefined when
 * even a one-character part does not fit.
 */
export function boundedName(
  head: string,
  part: string,
  tail: string,
  max: number,
  hashSource: string,
): string | undefined {
  if (head.length + part.length + tail.length <= max) {
    return `${head}${part}${tail}`;
  }
  const room = max - head.length - tail.length - HASH_LENGTH - 1;
  if (room < 1) {
    return undefined;
  }
  const cut = part.slice(0, room).replace(/[^A-Za-z0-9]+$/, '') || part[0];
  return `${head}${cut}-${shortHash(hashSource)}${tail}`;
}

/**
 * The product part of role names in one environment, truncated for the
 * longest role kind so all three roles of the product share it.
 */
export function roleProductPart(
  prefix: string,
  productRef: string,
  environment: string,
): string | undefined {
  const slug = productSlug(productRef);
  const name = boundedName(
    `${prefix}-`,
    slug,
    `-${environment}-${LONGEST_KIND}`,
    IAM_ROLE_NAME_MAX,
    productRef,
  );
  return name?.slice(
    prefix.length + 1,
    name.length - environment.length - LONGEST_KIND.length - 2,
  );
}

/** `<prefix>-<product>-<env>-<kind>`, at most 64 characters. */
export function roleName(
  prefix: string,
  productRef: string,
  environment: string,
  kind: AwsRoleKind,
): string | undefined {
  const part = roleProductPart(prefix, productRef, environment);
  return part === undefined
    ? undefined
    : `${prefix}-${part}-${environment}-${kind}`;
}

/** `<prefix>-<product>-<env>`, at most 128 characters. */
export function workgroupName(
  prefix: string,
  productRef: string,
  environment: string,
): string | undefined {
  return boundedName(
    `${prefix}-`,
    productSlug(productRef),
    `-${environment}`,
    ATHENA_WORKGROUP_NAME_MAX,
    productRef,
  );
}

/** Region prefixes of the partitions other than `aws`, longest first. */
const PARTITIONS: Array<[string, string]> = [
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-iso-', 'aws-iso'],
  ['us-gov-', 'aws-us-gov'],
  ['eusc-', 'aws-eusc'],
  ['cn-', 'aws-cn'],
];

/**
 * The AWS partition of a region: `aws`, `aws-cn`, `aws-us-gov`, the isolated
 * `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, or the European
 * Sovereign Cloud's `aws-eusc`.
 */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

/** ARN builders for one environment (account + region). */
export class EnvironmentArns {
  readonly partition: string;

  constructor(readonly environment: MeshportEnvironment) {
    this.partition = partitionOf(environment.region);
  }

  role(path: string, name: string): string {
    return `arn:${this.partition}:iam::${this.environment.accountId}:role${path}${name}`;
  }

  policy(path: string, name: string): string {
    return `arn:${this.partition}:iam::${this.environment.accountId}:policy${path}${name}`;
  }

  accountRoot(accountId: string = this.environment.accountId): string {
    return `arn:${this.partition}:iam::${accountId}:root`;
  }

  bucket(bucket: string): string {
    return `arn:${this.partition}:s3:::${bucket}`;
  }

  /**
   * ARNs a plan asks for again and again (every role reading a dataset):
   * built once per (kind, name, name).
   */
  private readonly memo = new Map<string, Map<string, Map<string, string>>>();

  private remembered(
    kind: string,
    a: string,
    b: string,
    build: () => string,
  ): string {
    let byA = this.memo.get(kind);
    if (!byA) {
      byA = new Map();
      this.memo.set(kind, byA);
    }
    let byB = byA.get(a);
    if (!byB) {
      byB = new Map();
      byA.set(a, byB);
    }
    let arn = byB.get(b);
    if (arn === undefined) {
      arn = build();
      byB.set(b, arn);
    }
    return arn;
  }

  /** Every object under the prefix (which ends in `/`). */
  objects(bucket: string, prefix: string): string {
    return this.remembered(
      'objects',
      bucket,
      prefix,
      () => `arn:${this.partition}:s3:::${bucket}/${prefix}*`,
    );
  }

  private glue(resource: string): string {
    const { region, accountId } = this.environment;
    return `arn:${this.partition}:glue:${region}:${accountId}:${resource}`;
  }

  glueCatalog(): string {
    return this.glue('catalog');
  }

  glueDatabase(database: string): string {
    return this.remembered('database', database, '', () =>
      this.glue(`database/${database}`),
    );
  }

  /** One table, or every table of the database when `table` is undefined. */
  glueTable(database: string, table?: string): string {
    return this.remembered('table', database, table ?? '*', () =>
      this.glue(`table/${database}/${table ?? '*'}`),
    );
  }

  athenaDataCatalog(name: string): string {
    const { region, accountId } = this.environment;
    return `arn:${this.partition}:athena:${region}:${accountId}:datacatalog/${name}`;
  }

  athenaWorkgroup(name: string): string {
    const { region, accountId } = this.environment;
    return `arn:${this.partition}:athena:${region}:${accountId}:workgroup/${name}`;
  }
}

/** Athena data catalog names: 1-127 characters of `[A-Za-z0-9_@-]`. */
export const ATHENA_DATA_CATALOG_NAME_MAX = 127;

/**
 * The Athena data catalog, in a reader's account, of another environment's
 * Glue catalog: `<rolePrefix>-<environment>` (queried as
 * `"<rolePrefix>-<environment>".<database>.<table>`).
 */
export function dataCatalogName(
  rolePrefix: string,
  environment: string,
): string {
  return `${rolePrefix}-${environment}`
    .replace(/[^A-Za-z0-9_@-]/g, '-')
    .slice(0, ATHENA_DATA_CATALOG_NAME_MAX);
}
