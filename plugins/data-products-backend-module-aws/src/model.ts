/*
 * The AWS desired state: plain, JSON-serialisable data produced by the pure
 * planner (`src/plan`), read by the differ and appliers, rendered to Terraform
 * and stored by the backend as the provisioning plan. The README documents the
 * JSON shape for other tools; keep both in step.
 */
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { ProvisioningProblem } from '@meshport/plugin-data-products-node';
import type { ActualLakeFormation } from './apply/lakeFormationDiff';

/** Id of the AWS provisioner; prefixes operation ids. */
export const AWS_PROVISIONER_ID = 'aws';

export const AWS_ROLE_KINDS = ['consumer', 'service', 'owner'] as const;
/**
 * - consumer: reads its granted inputs and its own outputs (people, notebooks);
 * - service: what pipelines run as: reads inputs, reads/writes its own outputs,
 *   publishes metrics;
 * - owner: everything service has, plus managing its own Glue metadata.
 */
export type AwsRoleKind = (typeof AWS_ROLE_KINDS)[number];

/** The `resourceType` of AWS provisioning operations. */
export const AWS_RESOURCE_TYPES = [
  'iam-role',
  'iam-managed-policy',
  'iam-role-policy-attachment',
  'iam-inline-policy',
  's3-prefix',
  'glue-database',
  'athena-workgroup',
] as const;
export type AwsResourceType = (typeof AWS_RESOURCE_TYPES)[number];

/** Tag keys Meshport puts on every resource it manages. */
export const TAG_MANAGED = 'meshport:managed';
export const TAG_DATA_PRODUCT = 'meshport:data-product';
export const TAG_ENVIRONMENT = 'meshport:environment';
export const TAG_ROLE = 'meshport:role';

export type AwsTags = Record<string, string>;

/** `StringLike`, `StringEquals`, ... -> condition key -> value(s). */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

/** An IAM policy statement (identity policy or trust policy). */
export interface PolicyStatement {
  /** Only `[A-Za-z0-9]`. */
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  /** Trust policies only. */
  Principal?: { AWS?: string[]; Federated?: string; Service?: string[] };
  Action: string[];
  /** Identity policies only. */
  Resource?: string[];
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface AwsManagedPolicy {
  /** `<role name>-<n>`, n from 1. */
  name: string;
  arn: string;
  path: string;
  document: PolicyDocument;
  tags: AwsTags;
}

export interface AwsInlinePolicy {
  /** `<role name>-inline`. */
  name: string;
  document: PolicyDocument;
}

/**
 * - planned: `managedPolicies` / `inlinePolicies` are the complete desired set;
 * - quota-exceeded: the permissions do not fit IAM's quotas; both lists are
 *   empty and the differ must leave the role's existing policies untouched
 *   (one grant too many must not revoke the grants the role already has).
 */
export type AwsRolePolicyStatus = 'planned' | 'quota-exceeded';

export interface AwsRole {
  name: string;
  arn: string;
  path: string;
  environment: string;
  accountId: string;
  /** Full DataProduct entity ref. */
  dataProduct: string;
  kind: AwsRoleKind;
  /** A sentence for people; also the IAM role description. */
  purpose: string;
  trustPolicy: PolicyDocument;
  tags: AwsTags;
  /** Seconds. */
  maxSessionDuration: number;
  permissionsBoundaryArn?: string;
  policyStatus: AwsRolePolicyStatus;
  /** Attached in this order. */
  managedPolicies: AwsManagedPolicy[];
  inlinePolicies: AwsInlinePolicy[];
  /** Full Dataset refs this role reads through grants, per environment holding the data. */
  grantedDatasets: Array<{ dataset: string; environment: string }>;
}

export interface AwsBucketPrefix {
  /** Key prefix ending in `/`, e.g. `sales/orders/`. */
  prefix: string;
  /** Full DataProduct ref of the product writing under the prefix. */
  dataProduct: string;
  /** Full Dataset ref for dataset outputs; absent for a product workspace. */
  dataset?: string;
}

export interface AwsBucket {
  environment: string;
  /** Bucket identifier, a key of the environment's `buckets`. */
  bucketId: string;
  /** Bucket name. Buckets are never created or deleted by Meshport. */
  bucket: string;
  /** Sorted by prefix. */
  prefixes: AwsBucketPrefix[];
}

export interface AwsGlueDatabase {
  environment: string;
  name: string;
  /** The account id of the environment (Glue catalog id). */
  catalogId: string;
  arn: string;
  /** Full DataProduct ref of the owning product. */
  dataProduct: string;
  description: string;
  tags: AwsTags;
}

export interface AwsAthenaWorkgroup {
  environment: string;
  name: string;
  arn: string;
  dataProduct: string;
  /** `s3://<bucket>/products/<product>/athena-results/`. */
  outputLocation: string;
  bytesScannedCutoffPerQuery: number;
  /** Always true: users cannot override the output location or the cutoff. */
  enforceWorkGroupConfiguration: true;
  publishCloudWatchMetricsEnabled: boolean;
  description: string;
  tags: AwsTags;
}

/** A planning problem; errors affect only the named role or resource. */
export interface AwsPlanProblem extends ProvisioningProblem {
  /** Name of the IAM role the problem concerns, if any. */
  role?: string;
}

/** LF-tag keys Meshport sets on its databases and tables (lowercase values). */
export const LF_TAG_DOMAIN = 'meshport:domain';
export const LF_TAG_CLASSIFICATION = 'meshport:classification';
export const LF_TAG_ACCESS = 'meshport:access';

/** A Glue Data Catalog resource or a data location in Lake Formation terms. */
export interface AwsLfResource {
  /** Account id owning the catalog (or the location). */
  catalogId: string;
  /** A registered data location (`arn:aws:s3:::bucket/prefix`) instead of a database. */
  dataLocation?: string;
  database?: string;
  /** A table name, `*` for every table of the database; absent: the database itself. */
  table?: string;
}

/** One Lake Formation grant: `permissions` on `resource` to `principal`. */
export interface AwsLfPermission {
  /** Environment whose account holds the resource (and applies the grant). */
  environment: string;
  /** An IAM role ARN (of any account: cross-account grants go through RAM). */
  principal: string;
  resource: AwsLfResource;
  /** Sorted, e.g. `['DESCRIBE', 'SELECT']`. */
  permissions: string[];
  /** The Dataset the grant is for; absent for the owner's database-wide grants. */
  dataset?: string;
  dataProduct: string;
}

/** The Lake Formation state of one environment in `lake-formation` mode. */
export interface AwsLakeFormationEnvironment {
  environment: string;
  accountId: string;
  region: string;
  /** Data lake setting `CROSS_ACCOUNT_VERSION` ('4' when other accounts read). */
  crossAccountVersion?: '4';
  /**
   * Which registered locations are Meshport's (deregistered when no longer
   * planned): those under these buckets (the environment's data lake buckets,
   * sorted) registered with `registrationRoleArn`, or with Lake Formation's
   * service-linked role when it is absent.
   */
  locationOwnership: { buckets: string[]; registrationRoleArn?: string };
  /** Data locations: `arn:aws:s3:::bucket/prefix` (no trailing `/`), sorted. */
  resources: Array<{
    arn: string;
    roleArn?: string;
    dataProduct: string;
    dataset: string;
  }>;
  /** Sorted by principal, then resource. */
  permissions: AwsLfPermission[];
  /** LF-tags (key -> sorted lowercase values). */
  lfTags: Array<{ key: string; values: string[] }>;
  /** LF-tags on Meshport's databases and tables. */
  resourceTags: Array<{
    resource: AwsLfResource;
    tags: Record<string, string>;
  }>;
  /** Meshport databases, created without `IAMAllowedPrincipals` grants. */
  databasesWithoutIamAllowedPrincipals: string[];
  /** Resource links in this account pointing at another account's database. */
  resourceLinks: Array<{
    name: string;
    targetCatalogId: string;
    targetDatabase: string;
    sourceEnvironment: string;
  }>;
}

/** A policy on a resource of another account's environment, admitting readers. */
export interface AwsResourcePolicyGrant {
  /** Environment (account) owning the resource, whose credentials apply it. */
  environment: string;
  accountId: string;
  /** An S3 bucket name, `glue-catalog`, or a KMS key ARN. */
  resource: string;
  kind: 's3-bucket-policy' | 'glue-catalog-policy' | 'kms-key-policy';
  /** The reading environments the statements admit (in plan order). */
  readers: string[];
  /** Meshport's statements (Sids start with `Meshport`), merged into the resource's own policy. */
  statements: PolicyStatement[];
}

/** An Athena data catalog (type GLUE) in the reader's account pointing at another account's Glue catalog. */
export interface AwsAthenaDataCatalog {
  environment: string;
  accountId: string;
  name: string;
  arn: string;
  type: 'GLUE';
  /** The producer account id (`catalog-id` parameter). */
  catalogId: string;
  sourceEnvironment: string;
  description: string;
  tags: AwsTags;
}

/** The complete desired AWS state of the mesh (or a scoped part of it). */
export interface AwsDesiredState {
  environments: MeshportEnvironment[];
  /** Sorted by environment (config order), product ref, kind. */
  roles: AwsRole[];
  buckets: AwsBucket[];
  glueDatabases: AwsGlueDatabase[];
  workgroups: AwsAthenaWorkgroup[];
  /** Environments in `lake-formation` mode (absent when none is). */
  lakeFormation?: AwsLakeFormationEnvironment[];
  /** Producer-side policies for cross-account readers (IAM mode), absent when none. */
  resourcePolicies?: AwsResourcePolicyGrant[];
  /** Athena data catalogs for cross-account reads (IAM mode), absent when none. */
  dataCatalogs?: AwsAthenaDataCatalog[];
  problems: AwsPlanProblem[];
}

/**
 * What exists in AWS, in the same shapes as the desired state so the differ
 * can compare like with like. Only the resources of the environment read
 * (tags `meshport:managed=true` and `meshport:environment=<name>`) are read.
 * Produced by `src/actual`; the reader may add fields it needs.
 */
export interface AwsActualState {
  /** Roles as found; `managedPolicies[].document` is the default version. */
  roles: Array<
    Omit<AwsRole, 'grantedDatasets' | 'policyStatus' | 'purpose'> & {
      purpose?: string;
    }
  >;
  /** Managed policies under the role path that no role lists (orphans). */
  unattachedPolicies?: Array<AwsManagedPolicy & { environment: string }>;
  buckets: AwsBucket[];
  glueDatabases: AwsGlueDatabase[];
  workgroups: AwsAthenaWorkgroup[];
  /** Problems found while reading (wrong account, a quota the plan exceeds). */
  problems?: AwsPlanProblem[];
  /**
   * Environments nothing may be written in (wrong account, quota): the
   * differ plans no operation there.
   */
  refusedEnvironments?: string[];
  /** What Lake Formation holds, per environment in lake-formation mode (read in its account). */
  lakeFormation?: Record<string, ActualLakeFormation>;
  /** Cross-account resources as found, keyed `<environment>\n<resource>`. */
  crossAccount?: {
    /** The resource's policy document; null when it has none. */
    policies: Record<string, string | null>;
    /** The data catalog's `catalog-id`; null when the catalog does not exist. */
    catalogs: Record<string, string | null>;
  };
}
