/*
 * Who may assume a product's roles: the trust policy of each role, from
 * `meshport.aws.trust.<kind>` (or the environment's settings).
 */
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import type { AwsTrustConfig } from '../config';
import { PolicyDocument, PolicyStatement } from '../model';
import { EnvironmentArns } from './names';
import { POLICY_VERSION } from './policyLimits';

/** The trust policy of one role from `meshport.aws.trust.<kind>`. */
export function trustPolicy(
  trust: AwsTrustConfig,
  productRef: string,
  environment: MeshportEnvironment,
  arns: EnvironmentArns,
): PolicyDocument {
  const statements: PolicyStatement[] = [];
  const principals = [
    ...new Set(
      trust.accountPrincipals.map(p =>
        /^\d{12}$/.test(p) ? arns.accountRoot(p) : p,
      ),
    ),
  ].sort();
  if (principals.length) {
    statements.push({
      Sid: 'AssumeFromPrincipals',
      Effect: 'Allow',
      Principal: { AWS: principals },
      Action: ['sts:AssumeRole'],
    });
  }
  if (trust.ssoRoleArns.length) {
    // IAM rejects trust policies naming roles that do not exist yet, and SSO
    // role names carry a random suffix: trust their accounts and match the
    // role ARNs (wildcards allowed) in a condition instead.
    const accounts = [
      ...new Set(trust.ssoRoleArns.map(arn => arn.split(':')[4])),
    ].sort();
    statements.push({
      Sid: 'AssumeFromSso',
      Effect: 'Allow',
      Principal: { AWS: accounts.map(a => arns.accountRoot(a)) },
      Action: ['sts:AssumeRole'],
      Condition: {
        ArnLike: { 'aws:PrincipalArn': [...trust.ssoRoleArns].sort() },
      },
    });
  }
  if (trust.oidc) {
    const { providerArn, audience, subjects } = trust.oidc;
    const host = providerArn.slice(
      providerArn.indexOf('oidc-provider/') + 'oidc-provider/'.length,
    );
    const { namespace, name } = splitRef(productRef);
    statements.push({
      Sid: 'AssumeFromPipelines',
      Effect: 'Allow',
      Principal: { Federated: providerArn },
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Condition: {
        StringEquals: { [`${host}:aud`]: audience },
        StringLike: {
          [`${host}:sub`]: subjects.map(s =>
            s
              .replace(/\{product\}/g, name)
              .replace(/\{namespace\}/g, namespace)
              .replace(/\{environment\}/g, environment.name),
          ),
        },
      },
    });
  }
  if (!statements.length) {
    // Nothing configured: principals of the environment's own account that
    // IAM allows to assume it (the account decides who, through IAM).
    statements.push({
      Sid: 'AssumeFromAccount',
      Effect: 'Allow',
      Principal: { AWS: [arns.accountRoot()] },
      Action: ['sts:AssumeRole'],
    });
  }
  return { Version: POLICY_VERSION, Statement: statements };
}

function splitRef(ref: string): { namespace: string; name: string } {
  const [, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return { namespace, name };
}
