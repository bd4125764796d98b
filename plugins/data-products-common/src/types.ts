/*
 * The two Meshport kinds, as declared in a product repository's catalog-info.yaml.
 *
 * Field names follow the Bitol standards where one exists, so that a DataProduct maps onto an
 * ODPS v1.0 data product and a Dataset onto an ODCS v3.1 data contract (see the package README).
 */
import type { Entity } from '@backstage/catalog-model';

// The spec shapes are type aliases, not interfaces: an entity's spec must be assignable to
// Backstage's JsonObject, and only type aliases get the implicit index signature for that.

/** The apiVersion of both kinds. */
export const MESHPORT_API_VERSION = 'meshport.io/v1alpha1';

export const DATA_PRODUCT_KIND = 'DataProduct';
export const DATASET_KIND = 'Dataset';

/** Lifecycle of a product or dataset; ODPS/ODCS `status` (see README for the mapping). */
export const LIFECYCLES = [
  'experimental',
  'production',
  'deprecated',
  'retired',
] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** Data mesh product types (Dehghani): where the product sits between sources and consumers. */
export const DATA_PRODUCT_TYPES = [
  'source-aligned',
  'aggregate',
  'consumer-aligned',
] as const;
export type DataProductType = (typeof DATA_PRODUCT_TYPES)[number];

/**
 * Who may get access to a dataset.
 * - unrestricted: any product may request, and requests are approved at once;
 * - restricted: requests need the dataset owner's approval;
 * - private: cannot be requested; only the producing product reads it.
 */
export const ACCESS_LEVELS = ['unrestricted', 'restricted', 'private'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** ODCS v3.1 `logicalType` values. */
export const COLUMN_TYPES = [
  'string',
  'date',
  'timestamp',
  'time',
  'number',
  'integer',
  'object',
  'array',
  'boolean',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Data classification of a column (ODCS `classification`). `pii` marks personal data. */
export const CLASSIFICATIONS = [
  'public',
  'internal',
  'confidential',
  'restricted',
  'pii',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const SUPPORT_TOOLS = [
  'email',
  'slack',
  'teams',
  'discord',
  'ticket',
  'other',
] as const;
export type SupportTool = (typeof SUPPORT_TOOLS)[number];

/** A support channel (ODPS `support[]`). */
export type SupportChannel = {
  /** Channel name or identifier, e.g. `#customer-360`. */
  channel: string;
  /** Access URL (https:, mailto:, ...). */
  url?: string;
  tool?: SupportTool;
  description?: string;
};

/** A dataset this product consumes (ODPS `inputPorts[]`). */
export type InputPort = {
  /** Entity ref of the consumed Dataset; the kind defaults to Dataset, the namespace to this entity's. */
  dataset: string;
  /** Why the product needs it: shown to the dataset owner and kept with every grant. */
  purpose: string;
};

export type DataProductSpec = {
  /** Entity ref of the owning Group (kind defaults to Group). */
  owner: string;
  /** Entity ref of the Domain (kind defaults to Domain). */
  domain: string;
  lifecycle?: Lifecycle;
  type?: DataProductType;
  /** Environment names from `meshport.environments`; every product gets its roles in each. */
  environments?: string[];
  inputPorts?: InputPort[];
  support?: SupportChannel[];
};

export interface DataProductEntity extends Entity {
  apiVersion: typeof MESHPORT_API_VERSION;
  kind: typeof DATA_PRODUCT_KIND;
  spec: DataProductSpec;
}

/** An S3 location holding the dataset: a bucket (by its identifier in the environment config) and a prefix. */
export type S3Output = {
  type: 's3';
  /** Bucket identifier, a key of `meshport.environments[].buckets`, resolved per environment. */
  bucket: string;
  /** Key prefix inside the bucket, without a leading slash, e.g. `sales/orders/`. */
  path: string;
  /** File format, e.g. parquet, csv, json, iceberg. */
  format?: string;
};

/** A Glue database, or one table in it, holding the dataset. */
export type GlueOutput = {
  type: 'glue';
  database: string;
  /** Omit to share the whole database. */
  table?: string;
};

/** A platform-specific place that holds the dataset (an ODCS `servers[]` entry). */
export type DataOutput = S3Output | GlueOutput;

export const OUTPUT_TYPES = ['s3', 'glue'] as const;

/** A column of the dataset's schema (an ODCS `schema[].properties[]` entry). */
export type SchemaColumn = {
  name: string;
  type: ColumnType;
  /** Platform type, e.g. `varchar(18)`, `decimal(10,2)`. */
  physicalType?: string;
  description?: string;
  classification?: Classification;
  required?: boolean;
  primaryKey?: boolean;
};

export type DatasetSchema = {
  columns: SchemaColumn[];
};

/**
 * Durations are strings of a whole number and a unit: `30m`, `24h`, `20d`.
 * Targets are percentages in (0, 100].
 */
export type AvailabilitySlo = {
  /** % of hourly checks in the window that found the dataset available. */
  target: number;
  /** Rolling window, default `20d`. */
  window?: string;
};

export type CompletenessSlo = {
  /** % of updates in the window whose row count met the threshold. */
  target: number;
  /** An update passes when its row count is at most this % below the average of recent updates. Default 5. */
  maxDropPercent?: number;
  window?: string;
};

export type FreshnessSlo = {
  /** % of days in the window on which the data was never older than maxAge. */
  target: number;
  /** Maximum age of the data, e.g. `24h`. */
  maxAge: string;
  window?: string;
};

export type DatasetSlos = {
  availability?: AvailabilitySlo;
  completeness?: CompletenessSlo;
  freshness?: FreshnessSlo;
};

/** A major version that replaces an older one, still served until its sunset. */
export type DatasetDeprecation = {
  /** The replaced version, e.g. `1.4.0`. */
  version: string;
  /** Last day the replaced version is served, `YYYY-MM-DD`. */
  sunset: string;
  /**
   * When the new major is a new Dataset served side by side: the replaced Dataset's ref
   * (kind defaults to Dataset, namespace to this one's).
   */
  dataset?: string;
};

export type DatasetSpec = {
  /** Entity ref of the producing DataProduct (kind defaults to DataProduct). Exactly one. */
  dataProduct: string;
  /** Entity ref of the owning Group (kind defaults to Group). */
  owner: string;
  access: AccessLevel;
  lifecycle?: Lifecycle;
  /** Semantic version of the contract (ODCS `version`); absent reads as `1.0.0`. */
  version?: string;
  /** Declared when this major version replaces an older one. */
  deprecates?: DatasetDeprecation;
  outputs?: DataOutput[];
  schema?: DatasetSchema;
  slos?: DatasetSlos;
};

export interface DatasetEntity extends Entity {
  apiVersion: typeof MESHPORT_API_VERSION;
  kind: typeof DATASET_KIND;
  spec: DatasetSpec;
}

/** One environment (`meshport.environments[]`): where a product's roles and data live. */
export interface MeshportEnvironment {
  /** e.g. `dev`, `prd`. Lowercase letters, digits and dashes. */
  name: string;
  /** 12-digit AWS account id. */
  accountId: string;
  /** AWS region, e.g. `eu-west-1`. */
  region: string;
  /** Bucket identifier (used by Dataset outputs) to bucket name in this environment. */
  buckets: Record<string, { name: string }>;
  /** Names of other environments whose datasets this environment's roles may read. */
  readsFrom: string[];
}

/** A problem found in an entity or config: where (a dotted path with [index]) and what was expected. */
export interface ValidationProblem {
  /** e.g. `spec.outputs[1].bucket`. */
  path: string;
  message: string;
}
