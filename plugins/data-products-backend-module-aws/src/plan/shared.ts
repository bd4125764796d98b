/*
 * What the steps of the AWS planner share: the resolved shapes of products,
 * datasets and their locations, and small pure helpers.
 */
import type {
  DatasetEntity,
  MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import {
  AwsAthenaWorkgroup,
  AwsRoleKind,
  AwsTags,
  TAG_DATA_PRODUCT,
  TAG_ENVIRONMENT,
  TAG_MANAGED,
} from '../model';
import { EnvironmentArns, productSlug, shortHash } from './names';

/** Where a product keeps its own files (Athena results, scratch). */
export function workspacePrefix(productRef: string): string {
  return `products/${productSlug(productRef)}/`;
}

export const ATHENA_RESULTS_FOLDER = 'athena-results/';

export interface S3Location {
  bucketId: string;
  prefix: string;
}

export interface GlueLocation {
  database: string;
  /** undefined: the whole database. */
  table?: string;
}

export interface DatasetInfo {
  ref: string;
  productRef: string;
  access: DatasetEntity['spec']['access'];
  s3: S3Location[];
  glue: GlueLocation[];
}

export interface ProductInfo {
  ref: string;
  environments: string[];
  datasets: DatasetInfo[];
}

/** The locations a product may write in one environment, after conflict checks. */
export interface ProductEnvironmentState {
  product: ProductInfo;
  environment: MeshportEnvironment;
  arns: EnvironmentArns;
  /** dataset ref -> its S3 objects / Glue resources in this environment. */
  datasetS3: Map<string, Array<{ bucket: string; prefix: string }>>;
  datasetGlue: Map<string, GlueLocation[]>;
  /** Databases owned alone (managed by Meshport). */
  ownedDatabases: Set<string>;
  workspace?: { bucket: string; prefix: string };
  roleNames?: Record<AwsRoleKind, string>;
  workgroup?: AwsAthenaWorkgroup;
}

const bucketIds = new WeakMap<MeshportEnvironment, Map<string, string>>();

/** The configured id of the environment's bucket named `bucket`. */
export function bucketIdOf(
  environment: MeshportEnvironment,
  bucket: string,
): string | undefined {
  let ids = bucketIds.get(environment);
  if (!ids) {
    ids = new Map();
    for (const [id, { name }] of Object.entries(environment.buckets)) {
      if (!ids.has(name)) ids.set(name, id);
    }
    bucketIds.set(environment, ids);
  }
  return ids.get(bucket);
}

/** The key of a product's state in one environment. */
export function stateKey(environment: string, product: string): string {
  return `${environment}\n${product}`;
}

/**
 * The items sorted by `key` (code-unit order, as `byKey`), each key computed
 * once: for keys that cost something to build (entity refs, joined strings).
 */
export function sortedByKey<T>(items: Iterable<T>, key: (t: T) => string): T[] {
  const keyed = Array.from(items, item => ({ item, key: key(item) }));
  keyed.sort((a, b) => {
    if (a.key === b.key) return 0;
    return a.key < b.key ? -1 : 1;
  });
  return keyed.map(k => k.item);
}

export function byKey<T>(key: (t: T) => string) {
  // Code-unit order, not locale order: the same on every machine.
  return (a: T, b: T) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === kb) return 0;
    return ka < kb ? -1 : 1;
  };
}

export function managedTags(productRef: string, environment: string): AwsTags {
  return {
    [TAG_MANAGED]: 'true',
    [TAG_DATA_PRODUCT]: productRef,
    [TAG_ENVIRONMENT]: environment,
  };
}

/** The environment itself, then those it reads from (in config order). */
export function readableEnvironments(
  environment: MeshportEnvironment,
): string[] {
  return [
    environment.name,
    ...environment.readsFrom.filter(n => n !== environment.name),
  ];
}

/**
 * Ends a Glue database's or workgroup's description with a hash of its
 * planned settings and tags. Listing calls return descriptions in bulk, so a
 * reader that finds the planned description knows the resource is as last
 * planned without a call per resource (a deep read checks everything).
 */
export function withFingerprint<
  T extends { description: string; name: string },
>(resource: T): T {
  const { description, ...settings } = resource;
  return {
    ...resource,
    description: `${description} [meshport ${shortHash(
      stableJson(settings),
      8,
    )}]`,
  };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(
        k =>
          `${JSON.stringify(k)}:${stableJson(
            (value as Record<string, unknown>)[k],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
