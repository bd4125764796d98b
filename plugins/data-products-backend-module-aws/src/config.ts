/*
 * `meshport.aws` configuration: read from app-config, validated with errors
 * that name the offending key, resolved to plain data with defaults so the
 * pure planner never touches a Config object.
 */
import type { Config } from '@backstage/config';
import { AWS_ROLE_KINDS, AwsRoleKind } from './model';
import {
  AwsEnvironmentConfig,
  AwsEnvironmentConfigInput,
  readAwsEnvironmentConfigs,
  readTrustConfig,
  resolveAwsEnvironmentConfig,
} from './environmentConfig';

/** Who may assume the roles of one kind. */
export interface AwsTrustConfig {
  /** 12-digit account ids (their root) or IAM role ARNs allowed to assume the role. */
  accountPrincipals: string[];
  /** ARNs of IAM Identity Center (SSO) permission-set roles allowed to assume the role. */
  ssoRoleArns: string[];
  /** Web identity federation, e.g. CI pipelines through GitHub Actions OIDC. */
  oidc?: AwsOidcTrustConfig;
}

export interface AwsOidcTrustConfig {
  /** ARN of the IAM OIDC identity provider. */
  providerArn: string;
  /** Expected `aud` claim, e.g. `sts.amazonaws.com`. */
  audience: string;
  /**
   * Allowed `sub` claims (StringLike patterns). `{product}` is replaced with
   * the product's name, `{namespace}` with its namespace and `{environment}`
   * with the environment name, e.g. `repo:acme/{product}:ref:refs/heads/main`.
   */
  subjects: string[];
}

export interface AwsProvisionerConfig {
  /** First part of every role, policy and workgroup name. */
  rolePrefix: string;
  /** IAM path of roles and managed policies, `/meshport/` by default. */
  rolePath: string;
  permissionsBoundaryArn?: string;
  /** Managed policies per role the planner may use (IAM default quota 10, at most 20). */
  maxManagedPoliciesPerRole: number;
  /** Seconds, 3600 to 43200. */
  maxSessionDuration: number;
  /** Bucket identifier holding product workspaces (Athena results), `datalake` by default. */
  workspaceBucket: string;
  /** Bucket identifier a retiring product's data is copied to, `archive` by default. */
  archiveBucket: string;
  trust: Record<AwsRoleKind, AwsTrustConfig>;
  athena: { bytesScannedCutoffPerQuery: number };
  /** CloudWatch namespace of a product is this prefix plus the product name. */
  metricsNamespacePrefix: string;
  /** Custom AWS endpoint (e.g. moto, LocalStack) for every AWS client. */
  endpoint?: string;
  /** `meshport.environments[].aws` by environment name: credentials, boundary, trust. */
  environments?: Record<string, AwsEnvironmentConfig>;
  /** AWS requests per second and account, all services (default 20). */
  maxCallsPerSecondPerAccount?: number;
}

/** The raw trust of one role kind. */
export type AwsTrustConfigInput = Partial<AwsTrustConfig>;

export const DEFAULT_AWS_CONFIG: AwsProvisionerConfig = {
  rolePrefix: 'meshport',
  rolePath: '/meshport/',
  maxManagedPoliciesPerRole: 10,
  maxSessionDuration: 3600,
  workspaceBucket: 'datalake',
  archiveBucket: 'archive',
  trust: {
    consumer: { accountPrincipals: [], ssoRoleArns: [] },
    service: { accountPrincipals: [], ssoRoleArns: [] },
    owner: { accountPrincipals: [], ssoRoleArns: [] },
  },
  athena: { bytesScannedCutoffPerQuery: 10 * 1024 ** 3 },
  metricsNamespacePrefix: 'Meshport/',
};

/** IAM's hard maximum of managed policies attached to one role. */
export const IAM_MAX_MANAGED_POLICIES_PER_ROLE = 20;
/** Athena refuses a smaller per-query cutoff (10 MB). */
const ATHENA_MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

const KEY = 'meshport.aws';

function invalid(key: string, expected: string, got: unknown): Error {
  return new Error(
    `Invalid config at '${KEY}.${key}': ${expected}, got ${JSON.stringify(
      got,
    )}`,
  );
}

/**
 * The shape accepted by {@link resolveAwsProvisionerConfig}: the raw
 * `meshport.aws` object, every field optional.
 */
export interface AwsProvisionerConfigInput {
  rolePrefix?: string;
  rolePath?: string;
  permissionsBoundaryArn?: string;
  maxManagedPoliciesPerRole?: number;
  maxSessionDuration?: number;
  workspaceBucket?: string;
  archiveBucket?: string;
  trust?: Partial<Record<AwsRoleKind, Partial<AwsTrustConfig>>>;
  athena?: { bytesScannedCutoffPerQuery?: number };
  metricsNamespacePrefix?: string;
  endpoint?: string;
  /** `meshport.environments[].aws` by environment name. */
  environments?: Record<string, AwsEnvironmentConfigInput>;
  maxCallsPerSecondPerAccount?: number;
}

/** Reads and validates `meshport.aws` (absent means all defaults). */
export function readAwsProvisionerConfig(config: Config): AwsProvisionerConfig {
  const aws = config.getOptionalConfig(KEY);
  const environments = readAwsEnvironmentConfigs(config);
  if (!aws) {
    return resolveAwsProvisionerConfig({ environments });
  }
  const trust = readTrustConfig(aws.getOptionalConfig('trust'));
  return resolveAwsProvisionerConfig({
    rolePrefix: aws.getOptionalString('rolePrefix'),
    rolePath: aws.getOptionalString('rolePath'),
    permissionsBoundaryArn: aws.getOptionalString('permissionsBoundaryArn'),
    maxManagedPoliciesPerRole: aws.getOptionalNumber(
      'maxManagedPoliciesPerRole',
    ),
    maxSessionDuration: aws.getOptionalNumber('maxSessionDuration'),
    workspaceBucket: aws.getOptionalString('workspaceBucket'),
    archiveBucket: aws.getOptionalString('archiveBucket'),
    trust,
    athena: {
      bytesScannedCutoffPerQuery: aws.getOptionalNumber(
        'athena.bytesScannedCutoffPerQuery',
      ),
    },
    metricsNamespacePrefix: aws.getOptionalString('metricsNamespacePrefix'),
    endpoint: aws.getOptionalString('endpoint'),
    environments,
    maxCallsPerSecondPerAccount: aws.getOptionalNumber(
      'maxCallsPerSecondPerAccount',
    ),
  });
}

const ACCOUNT_ID = /^\d{12}$/;
const IAM_ARN = /^arn:aws[a-z-]*:iam::\d{12}:[\x21-\x7e]+$/;

/** Applies defaults to a raw `meshport.aws` object and validates every field. */
export function resolveAwsProvisionerConfig(
  input: AwsProvisionerConfigInput,
): AwsProvisionerConfig {
  const d = DEFAULT_AWS_CONFIG;
  const rolePrefix = input.rolePrefix ?? d.rolePrefix;
  // Leaves room for `-<product>-<env>-consumer` within IAM's 64 characters.
  if (!/^[A-Za-z0-9+=,.@_-]{1,24}$/.test(rolePrefix)) {
    throw invalid(
      'rolePrefix',
      'expected 1 to 24 of the characters A-Z a-z 0-9 + = , . @ _ -',
      rolePrefix,
    );
  }
  const rolePath = input.rolePath ?? d.rolePath;
  if (!/^\/([\x21-\x7e]+\/)?$/.test(rolePath) || rolePath.length > 512) {
    throw invalid(
      'rolePath',
      "expected an IAM path that starts and ends with '/', e.g. /meshport/",
      rolePath,
    );
  }
  const boundary = input.permissionsBoundaryArn;
  if (
    boundary !== undefined &&
    !/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\x21-\x7e]+$/.test(boundary)
  ) {
    throw invalid(
      'permissionsBoundaryArn',
      'expected an IAM managed policy ARN',
      boundary,
    );
  }
  const maxManaged =
    input.maxManagedPoliciesPerRole ?? d.maxManagedPoliciesPerRole;
  if (
    !Number.isInteger(maxManaged) ||
    maxManaged < 1 ||
    maxManaged > IAM_MAX_MANAGED_POLICIES_PER_ROLE
  ) {
    throw invalid(
      'maxManagedPoliciesPerRole',
      `expected an integer from 1 to ${IAM_MAX_MANAGED_POLICIES_PER_ROLE} (IAM's hard limit)`,
      maxManaged,
    );
  }
  const maxSession = input.maxSessionDuration ?? d.maxSessionDuration;
  if (
    !Number.isInteger(maxSession) ||
    maxSession < 3600 ||
    maxSession > 43200
  ) {
    throw invalid(
      'maxSessionDuration',
      'expected whole seconds from 3600 to 43200',
      maxSession,
    );
  }
  const workspaceBucket = input.workspaceBucket ?? d.workspaceBucket;
  if (!workspaceBucket) {
    throw invalid(
      'workspaceBucket',
      'expected a bucket identifier',
      workspaceBucket,
    );
  }
  const archiveBucket = input.archiveBucket ?? d.archiveBucket;
  if (!archiveBucket) {
    throw invalid(
      'archiveBucket',
      'expected a bucket identifier',
      archiveBucket,
    );
  }
  const cutoff =
    input.athena?.bytesScannedCutoffPerQuery ??
    d.athena.bytesScannedCutoffPerQuery;
  if (!Number.isInteger(cutoff) || cutoff < ATHENA_MIN_BYTES_SCANNED_CUTOFF) {
    throw invalid(
      'athena.bytesScannedCutoffPerQuery',
      `expected whole bytes of at least ${ATHENA_MIN_BYTES_SCANNED_CUTOFF} (Athena's minimum)`,
      cutoff,
    );
  }
  const namespacePrefix =
    input.metricsNamespacePrefix ?? d.metricsNamespacePrefix;
  if (
    !/^[A-Za-z0-9.\-_/#:]{0,200}$/.test(namespacePrefix) ||
    namespacePrefix.startsWith('AWS/')
  ) {
    throw invalid(
      'metricsNamespacePrefix',
      "expected CloudWatch namespace characters (A-Z a-z 0-9 . - _ / # :), not starting with 'AWS/'",
      namespacePrefix,
    );
  }
  if (
    input.endpoint !== undefined &&
    !/^https?:\/\/\S+$/.test(input.endpoint)
  ) {
    throw invalid('endpoint', 'expected an http(s) URL', input.endpoint);
  }

  const rate = input.maxCallsPerSecondPerAccount;
  if (rate !== undefined && !(rate > 0 && rate <= 1000)) {
    throw invalid(
      'maxCallsPerSecondPerAccount',
      'expected a number of requests per second above 0, at most 1000',
      rate,
    );
  }
  const trust = {} as Record<AwsRoleKind, AwsTrustConfig>;
  for (const kind of AWS_ROLE_KINDS) {
    trust[kind] = resolveTrust(`${KEY}.trust.${kind}`, input.trust?.[kind]);
  }
  const environments: Record<string, AwsEnvironmentConfig> = {};
  for (const [name, raw] of Object.entries(input.environments ?? {})) {
    const path = `meshport.environments[${name}].aws`;
    const resolved = resolveAwsEnvironmentConfig(raw, path);
    for (const kind of AWS_ROLE_KINDS) {
      const own = raw.trust?.[kind];
      if (own) resolved.trust[kind] = resolveTrust(`${path}.trust.${kind}`, own);
    }
    environments[name] = resolved;
  }

  return {
    rolePrefix,
    rolePath,
    ...(boundary !== undefined ? { permissionsBoundaryArn: boundary } : {}),
    maxManagedPoliciesPerRole: maxManaged,
    maxSessionDuration: maxSession,
    workspaceBucket,
    archiveBucket,
    trust,
    athena: { bytesScannedCutoffPerQuery: cutoff },
    metricsNamespacePrefix: namespacePrefix,
    ...(input.endpoint !== undefined ? { endpoint: input.endpoint } : {}),
    ...(Object.keys(environments).length ? { environments } : {}),
    ...(rate !== undefined ? { maxCallsPerSecondPerAccount: rate } : {}),
  };
}

function resolveTrust(
  path: string,
  input: Partial<AwsTrustConfig> | undefined,
): AwsTrustConfig {
  const invalidAt = (key: string, expected: string, got: unknown) =>
    new Error(
      `Invalid config at '${path}.${key}': ${expected}, got ${JSON.stringify(
        got,
      )}`,
    );
  const accountPrincipals = input?.accountPrincipals ?? [];
  accountPrincipals.forEach((principal, i) => {
    if (!ACCOUNT_ID.test(principal) && !IAM_ARN.test(principal)) {
      throw invalidAt(
        `accountPrincipals[${i}]`,
        'expected a 12-digit account id or an IAM ARN',
        principal,
      );
    }
  });
  const ssoRoleArns = input?.ssoRoleArns ?? [];
  ssoRoleArns.forEach((arn, i) => {
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\x21-\x7e]+$/.test(arn)) {
      throw invalidAt(
        `ssoRoleArns[${i}]`,
        'expected an IAM role ARN',
        arn,
      );
    }
  });
  const oidc = input?.oidc;
  if (oidc) {
    if (
      !/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/\S+$/.test(oidc.providerArn)
    ) {
      throw invalidAt(
        `oidc.providerArn`,
        'expected an IAM OIDC provider ARN',
        oidc.providerArn,
      );
    }
    if (!oidc.audience) {
      throw invalidAt(
        `oidc.audience`,
        'expected a non-empty string',
        oidc.audience,
      );
    }
    if (!oidc.subjects?.length || oidc.subjects.some(s => !s)) {
      throw invalidAt(
        `oidc.subjects`,
        'expected at least one non-empty subject pattern',
        oidc.subjects,
      );
    }
  }
  return {
    accountPrincipals,
    ssoRoleArns,
    ...(oidc
      ? {
          oidc: {
            providerArn: oidc.providerArn,
            audience: oidc.audience,
            subjects: oidc.subjects,
          },
        }
      : {}),
  };
}
