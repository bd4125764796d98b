/*
 * Per-environment AWS settings (`meshport.environments[].aws`): how to reach
 * the environment's account (a role to assume, or a named profile) and the
 * account-specific values of roles (permissions boundary, trust). One place
 * for everything that differs between accounts, so later features (Lake
 * Formation mode, cross-account sharing) extend it here.
 */
import type { Config } from '@backstage/config';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { AWS_ROLE_KINDS, AwsRoleKind } from './model';
import type {
  AwsProvisionerConfig,
  AwsTrustConfig,
  AwsTrustConfigInput,
} from './config';

/** How Meshport gets credentials for one environment's account. */
export interface AwsEnvironmentCredentialsConfig {
  /** Role assumed with STS (from the default credentials, or from `profile`). */
  roleArn?: string;
  /** `sts:ExternalId` the role's trust policy requires. */
  externalId?: string;
  /** Session name shown in CloudTrail; default `meshport`. */
  sessionName?: string;
  /** Named profile of the shared AWS config files. */
  profile?: string;
}

/**
 * Where read grants live: `iam` (the roles' IAM policies list every granted
 * dataset) or `lake-formation` (Lake Formation permissions; the roles' IAM
 * policies are fixed documents).
 */
export const ACCESS_CONTROL_MODES = ['iam', 'lake-formation'] as const;
export type AccessControlMode = (typeof ACCESS_CONTROL_MODES)[number];

export interface AwsEnvironmentConfig {
  credentials: AwsEnvironmentCredentialsConfig;
  /** Absent: `iam`. */
  accessControl?: AccessControlMode;
  /**
   * Lake Formation mode: the role of this account that Lake Formation uses
   * to read registered data locations; absent: Lake Formation's
   * service-linked role.
   */
  registrationRoleArn?: string;
  /** Bucket identifier -> ARN of the KMS key its objects are encrypted with (SSE-KMS). */
  bucketKmsKeys?: Record<string, string>;
  /** Overrides `meshport.aws.permissionsBoundaryArn` in this account. */
  permissionsBoundaryArn?: string;
  /** Overrides `meshport.aws.trust.<kind>` in this account (validated by ./config.ts). */
  trust: Partial<Record<AwsRoleKind, AwsTrustConfig>>;
}

/** The raw `meshport.environments[].aws` object, every field optional. */
export interface AwsEnvironmentConfigInput {
  roleArn?: string;
  externalId?: string;
  sessionName?: string;
  profile?: string;
  permissionsBoundaryArn?: string;
  trust?: Partial<Record<AwsRoleKind, AwsTrustConfigInput>>;
  accessControl?: string;
  lakeFormation?: { registrationRoleArn?: string };
  bucketKmsKeys?: Record<string, string>;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\x21-\x7e]+$/;
const BOUNDARY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\x21-\x7e]+$/;
// STS: 2-64 characters of [\w+=,.@-].
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

function invalid(path: string, expected: string, got: unknown): Error {
  return new Error(
    `Invalid config at '${path}': ${expected}, got ${JSON.stringify(got)}`,
  );
}

/**
 * Validates one environment's `aws` object but its trust (./config.ts
 * validates that); `path` names it in errors.
 */
export function resolveAwsEnvironmentConfig(
  input: AwsEnvironmentConfigInput,
  path: string,
): AwsEnvironmentConfig {
  const { roleArn, externalId, sessionName, profile } = input;
  if (roleArn !== undefined && !ROLE_ARN.test(roleArn)) {
    throw invalid(`${path}.roleArn`, 'expected an IAM role ARN', roleArn);
  }
  if (externalId !== undefined) {
    if (!roleArn) {
      throw invalid(
        `${path}.externalId`,
        'expected only with roleArn',
        externalId,
      );
    }
    if (!EXTERNAL_ID.test(externalId)) {
      throw invalid(
        `${path}.externalId`,
        'expected 2 to 1224 of the characters A-Z a-z 0-9 _ + = , . @ : / -',
        externalId,
      );
    }
  }
  if (sessionName !== undefined) {
    if (!roleArn) {
      throw invalid(
        `${path}.sessionName`,
        'expected only with roleArn',
        sessionName,
      );
    }
    if (!SESSION_NAME.test(sessionName)) {
      throw invalid(
        `${path}.sessionName`,
        'expected 2 to 64 of the characters A-Z a-z 0-9 _ + = , . @ -',
        sessionName,
      );
    }
  }
  if (profile !== undefined && !/^\S+$/.test(profile)) {
    throw invalid(`${path}.profile`, 'expected a profile name', profile);
  }
  const boundary = input.permissionsBoundaryArn;
  if (boundary !== undefined && !BOUNDARY_ARN.test(boundary)) {
    throw invalid(
      `${path}.permissionsBoundaryArn`,
      'expected an IAM managed policy ARN',
      boundary,
    );
  }
  const accessControl = input.accessControl ?? 'iam';
  if (!(ACCESS_CONTROL_MODES as readonly string[]).includes(accessControl)) {
    throw invalid(
      `${path}.accessControl`,
      `expected one of ${ACCESS_CONTROL_MODES.join(', ')}`,
      accessControl,
    );
  }
  const registrationRoleArn = input.lakeFormation?.registrationRoleArn;
  if (
    registrationRoleArn !== undefined &&
    !ROLE_ARN.test(registrationRoleArn)
  ) {
    throw invalid(
      `${path}.lakeFormation.registrationRoleArn`,
      'expected an IAM role ARN',
      registrationRoleArn,
    );
  }
  const bucketKmsKeys: Record<string, string> = {};
  for (const [bucketId, keyArn] of Object.entries(input.bucketKmsKeys ?? {})) {
    if (typeof keyArn !== 'string' || !KMS_KEY_ARN.test(keyArn)) {
      throw invalid(
        `${path}.bucketKmsKeys.${bucketId}`,
        'expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)',
        keyArn,
      );
    }
    bucketKmsKeys[bucketId] = keyArn;
  }
  return {
    ...(accessControl !== 'iam'
      ? { accessControl: accessControl as AccessControlMode }
      : {}),
    ...(registrationRoleArn ? { registrationRoleArn } : {}),
    ...(Object.keys(bucketKmsKeys).length ? { bucketKmsKeys } : {}),
    credentials: {
      ...(roleArn ? { roleArn } : {}),
      ...(externalId ? { externalId } : {}),
      ...(sessionName ? { sessionName } : {}),
      ...(profile ? { profile } : {}),
    },
    ...(boundary ? { permissionsBoundaryArn: boundary } : {}),
    trust: {},
  };
}

function readTrust(
  config: Config | undefined,
): Partial<Record<AwsRoleKind, AwsTrustConfigInput>> {
  const trust: Partial<Record<AwsRoleKind, AwsTrustConfigInput>> = {};
  for (const kind of AWS_ROLE_KINDS) {
    const t = config?.getOptionalConfig(kind);
    if (t) {
      const oidc = t.getOptionalConfig('oidc');
      trust[kind] = {
        accountPrincipals: t.getOptionalStringArray('accountPrincipals'),
        ssoRoleArns: t.getOptionalStringArray('ssoRoleArns'),
        oidc: oidc && {
          providerArn: oidc.getString('providerArn'),
          audience: oidc.getString('audience'),
          subjects: oidc.getStringArray('subjects'),
        },
      };
    }
  }
  return trust;
}

export { readTrust as readTrustConfig };

/**
 * Reads `meshport.environments[].aws` of every environment that has one,
 * by environment name.
 */
export function readAwsEnvironmentConfigs(
  config: Config,
): Record<string, AwsEnvironmentConfigInput> {
  const result: Record<string, AwsEnvironmentConfigInput> = {};
  const environments =
    config.getOptionalConfigArray('meshport.environments') ?? [];
  for (const environment of environments) {
    const aws = environment.getOptionalConfig('aws');
    const name = environment.getOptionalString('name');
    if (!aws || !name) continue;
    result[name] = {
      roleArn: aws.getOptionalString('roleArn'),
      externalId: aws.getOptionalString('externalId'),
      sessionName: aws.getOptionalString('sessionName'),
      profile: aws.getOptionalString('profile'),
      permissionsBoundaryArn: aws.getOptionalString('permissionsBoundaryArn'),
      trust: readTrust(aws.getOptionalConfig('trust')),
      accessControl: aws.getOptionalString('accessControl'),
      lakeFormation: {
        registrationRoleArn: aws.getOptionalString(
          'lakeFormation.registrationRoleArn',
        ),
      },
      bucketKmsKeys: readStringMap(aws.getOptionalConfig('bucketKmsKeys')),
    };
  }
  return result;
}

function readStringMap(config: Config | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of config?.keys() ?? []) result[key] = config!.getString(key);
  return result;
}

/** The access control mode of an environment (default `iam`). */
export function accessControlOf(
  config: AwsProvisionerConfig,
  environment: string,
): AccessControlMode {
  return config.environments?.[environment]?.accessControl ?? 'iam';
}

/** The account id in an IAM ARN (`aws` for AWS managed policies). */
export function accountOfArn(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** What the roles of one environment get, and which global values did not fit its account. */
export interface EffectiveEnvironmentSettings {
  permissionsBoundaryArn?: string;
  trust: Record<AwsRoleKind, AwsTrustConfig>;
  /** Sentences naming each global value left out because it is another account's. */
  leftOut: string[];
}

/**
 * Pure: the boundary and trust of an environment's roles. An environment's own
 * values win; the global ones apply only where they belong to its account
 * (IAM rejects a boundary, an OIDC provider or an SSO role of another account).
 */
export function effectiveEnvironmentSettings(
  config: AwsProvisionerConfig,
  environment: MeshportEnvironment,
): EffectiveEnvironmentSettings {
  const own = config.environments?.[environment.name];
  const account = environment.accountId;
  const leftOut: string[] = [];
  let boundary = own?.permissionsBoundaryArn;
  if (!boundary && config.permissionsBoundaryArn) {
    const owner = accountOfArn(config.permissionsBoundaryArn);
    if (owner === account || owner === 'aws') {
      boundary = config.permissionsBoundaryArn;
    } else {
      leftOut.push(
        `meshport.aws.permissionsBoundaryArn is a policy of account ${owner}, not of ${account}: set meshport.environments[].aws.permissionsBoundaryArn for ${environment.name}`,
      );
    }
  }
  const trust = {} as Record<AwsRoleKind, AwsTrustConfig>;
  for (const kind of AWS_ROLE_KINDS) {
    const specific = own?.trust[kind];
    if (specific) {
      trust[kind] = specific;
      continue;
    }
    const global = config.trust[kind];
    const sso = global.ssoRoleArns.filter(a => accountOfArn(a) === account);
    if (sso.length < global.ssoRoleArns.length) {
      leftOut.push(
        `meshport.aws.trust.${kind}.ssoRoleArns names roles of other accounts than ${account}; they are left out of ${environment.name}'s ${kind} roles: set meshport.environments[].aws.trust.${kind}`,
      );
    }
    let oidc = global.oidc;
    if (oidc && accountOfArn(oidc.providerArn) !== account) {
      leftOut.push(
        `meshport.aws.trust.${kind}.oidc.providerArn is a provider of account ${accountOfArn(
          oidc.providerArn,
        )}, not of ${account}: set meshport.environments[].aws.trust.${kind}.oidc for ${
          environment.name
        }`,
      );
      oidc = undefined;
    }
    trust[kind] = {
      accountPrincipals: global.accountPrincipals,
      ssoRoleArns: sso,
      ...(oidc ? { oidc } : {}),
    };
  }
  return {
    ...(boundary ? { permissionsBoundaryArn: boundary } : {}),
    trust,
    leftOut,
  };
}
