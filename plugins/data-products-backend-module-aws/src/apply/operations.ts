/*
 * The operations the differ emits and the appliers carry out. Each
 * operation's `details` hold everything needed to apply it on its own, so a
 * stored plan can be applied later without planning again.
 */
import type {
  JsonObject,
  ProvisioningAction,
  ProvisioningOperation,
  ProvisioningScope,
} from '@meshport/plugin-data-products-node';
import {
  AWS_PROVISIONER_ID,
  AwsActualState,
  AwsResourceType,
  AwsTags,
  PolicyDocument,
  TAG_ENVIRONMENT,
  TAG_MANAGED,
} from '../model';
import { normalizeRef } from '../plan/names';

/** Fields every operation's details may carry. */
export interface CommonDetails {
  /**
   * Ids of operations (earlier in the list) that must have succeeded first;
   * when one failed or was skipped, this operation is skipped.
   */
  dependsOn?: string[];
}

export type RoleChange =
  | 'trustPolicy'
  | 'description'
  | 'maxSessionDuration'
  | 'permissionsBoundary'
  | 'tags';

export interface RoleDetails extends CommonDetails {
  accountId: string;
  roleName: string;
  arn: string;
  path: string;
  trustPolicy: PolicyDocument;
  description: string;
  maxSessionDuration: number;
  permissionsBoundaryArn?: string;
  tags: AwsTags;
  /** Updates: what differed when the plan was made (shown to people). */
  changes?: RoleChange[];
  /** `meshport:*` tag keys to remove. */
  removeTagKeys?: string[];
}

export interface ManagedPolicyDetails extends CommonDetails {
  accountId: string;
  policyName: string;
  arn: string;
  path: string;
  /** Role the policy is planned for. */
  roleName: string;
  /** Absent for deletes. */
  document?: PolicyDocument;
  tags?: AwsTags;
  changes?: Array<'document' | 'tags'>;
  removeTagKeys?: string[];
}

export interface AttachmentDetails extends CommonDetails {
  roleName: string;
  policyName: string;
  policyArn: string;
}

export interface InlinePolicyDetails extends CommonDetails {
  roleName: string;
  policyName: string;
  /** Absent for deletes. */
  document?: PolicyDocument;
}

export interface GlueDatabaseDetails extends CommonDetails {
  catalogId: string;
  name: string;
  arn: string;
  description?: string;
  tags?: AwsTags;
  changes?: Array<'description' | 'tags'>;
  removeTagKeys?: string[];
}

export interface WorkgroupDetails extends CommonDetails {
  name: string;
  arn: string;
  outputLocation?: string;
  bytesScannedCutoffPerQuery?: number;
  enforceWorkGroupConfiguration?: boolean;
  publishCloudWatchMetricsEnabled?: boolean;
  description?: string;
  tags?: AwsTags;
  changes?: Array<'configuration' | 'description' | 'tags'>;
  removeTagKeys?: string[];
}

/** What the reader actually read: the differ only plans within it. */
export type AwsReadScope = ProvisioningScope;

/** The actual state as the reader returns it, with the scope it covered. */
export interface ScopedAwsActualState extends AwsActualState {
  /** Missing: everything in every environment was read. */
  scope?: AwsReadScope;
}

/** `aws:<env>:<action>:<resourceType>:<name>`. */
export function operationId(
  environment: string,
  action: ProvisioningAction,
  resourceType: AwsResourceType,
  name: string,
): string {
  return `${AWS_PROVISIONER_ID}:${environment}:${action}:${resourceType}:${name}`;
}

export function makeOperation<D extends CommonDetails>(
  fields: Omit<ProvisioningOperation, 'id' | 'provisioner' | 'details'> & {
    resourceType: AwsResourceType;
    /** Name in the id: unique per resource type and environment. */
    name: string;
    details: D;
  },
): ProvisioningOperation {
  const { name, details, ...rest } = fields;
  const { dependsOn, ...own } = details as CommonDetails & object;
  const needed = [...new Set(dependsOn?.filter(Boolean))];
  // Undefined fields are dropped so that stored and fresh plans compare equal.
  const json = JSON.parse(JSON.stringify(own)) as JsonObject;
  return {
    id: operationId(rest.environment, rest.action, rest.resourceType, name),
    provisioner: AWS_PROVISIONER_ID,
    ...rest,
    details: needed.length ? { ...json, dependsOn: needed } : json,
  };
}

/** Reads an operation's details back as the type the differ wrote. */
export function detailsOf<T extends CommonDetails>(
  operation: ProvisioningOperation,
): T {
  return operation.details as unknown as T;
}

/** A DataProduct ref in full and lower case, as the planner writes it. */
export function normalizeProductRef(ref: string): string {
  try {
    return normalizeRef(ref, 'DataProduct');
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}

/**
 * Whether Meshport manages a resource: tagged `meshport:managed=true` and,
 * when `environment` is given, `meshport:environment=<environment>`. Two
 * environments sharing an account never see each other's resources.
 */
export function isManaged(
  tags: AwsTags | undefined,
  environment?: string,
): boolean {
  return (
    tags?.[TAG_MANAGED] === 'true' &&
    (environment === undefined || tags?.[TAG_ENVIRONMENT] === environment)
  );
}

/** Tags to set so that `actual` holds every desired tag. */
export function missingTags(desired: AwsTags, actual: AwsTags): AwsTags {
  const result: AwsTags = {};
  for (const [key, value] of Object.entries(desired)) {
    if (actual[key] !== value) result[key] = value;
  }
  return result;
}

/**
 * `meshport:*` tags no longer desired. Other tags (cost centres, tagging
 * policies of the organisation) are never removed.
 */
export function staleMeshportTags(desired: AwsTags, actual: AwsTags): string[] {
  return Object.keys(actual)
    .filter(key => key.startsWith('meshport:') && !(key in desired))
    .sort();
}
