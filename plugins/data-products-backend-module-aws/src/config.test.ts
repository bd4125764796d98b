import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
import {
  DEFAULT_AWS_CONFIG,
  readAwsProvisionerConfig,
  resolveAwsProvisionerConfig,
} from './config';

describe('readAwsProvisionerConfig', () => {
  it('uses defaults when meshport.aws is absent', () => {
    expect(readAwsProvisionerConfig(new ConfigReader({}))).toEqual(
      DEFAULT_AWS_CONFIG,
    );
    expect(DEFAULT_AWS_CONFIG).toMatchObject({
      rolePrefix: 'meshport',
      rolePath: '/meshport/',
      maxManagedPoliciesPerRole: 10,
      athena: { bytesScannedCutoffPerQuery: 10737418240 },
      metricsNamespacePrefix: 'Meshport/',
    });
  });

  it('reads every key', () => {
    const config = readAwsProvisionerConfig(
      new ConfigReader({
        meshport: {
          aws: {
            rolePrefix: 'dp',
            rolePath: '/dp/',
            permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary',
            maxManagedPoliciesPerRole: 20,
            maxSessionDuration: 7200,
            workspaceBucket: 'lake',
            archiveBucket: 'cold',
            endpoint: 'http://localhost:4566',
            metricsNamespacePrefix: 'Acme/',
            athena: { bytesScannedCutoffPerQuery: 20000000 },
            trust: {
              consumer: { accountPrincipals: ['333333333333'] },
              service: {
                oidc: {
                  providerArn:
                    'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
                  audience: 'sts.amazonaws.com',
                  subjects: ['repo:acme/{product}:*'],
                },
              },
              owner: {
                ssoRoleArns: [
                  'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Owner_*',
                ],
              },
            },
          },
        },
      }),
    );
    expect(config).toEqual({
      rolePrefix: 'dp',
      rolePath: '/dp/',
      permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary',
      maxManagedPoliciesPerRole: 20,
      maxSessionDuration: 7200,
      workspaceBucket: 'lake',
      archiveBucket: 'cold',
      endpoint: 'http://localhost:4566',
      metricsNamespacePrefix: 'Acme/',
      athena: { bytesScannedCutoffPerQuery: 20000000 },
      trust: {
        consumer: { accountPrincipals: ['333333333333'], ssoRoleArns: [] },
        service: {
          accountPrincipals: [],
          ssoRoleArns: [],
          oidc: {
            providerArn:
              'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
            audience: 'sts.amazonaws.com',
            subjects: ['repo:acme/{product}:*'],
          },
        },
        owner: {
          accountPrincipals: [],
          ssoRoleArns: [
            'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Owner_*',
          ],
        },
      },
    });
  });

  it('names the offending key in its errors', () => {
    const read = (aws: object) => () =>
      readAwsProvisionerConfig(new ConfigReader({ meshport: { aws } }));
    expect(read({ maxManagedPoliciesPerRole: 25 })).toThrow(
      "Invalid config at 'meshport.aws.maxManagedPoliciesPerRole': expected an integer from 1 to 20 (IAM's hard limit), got 25",
    );
    expect(read({ rolePath: 'meshport' })).toThrow("'meshport.aws.rolePath'");
    expect(read({ rolePrefix: 'has space' })).toThrow(
      "'meshport.aws.rolePrefix'",
    );
    expect(read({ athena: { bytesScannedCutoffPerQuery: 5 } })).toThrow(
      "'meshport.aws.athena.bytesScannedCutoffPerQuery'",
    );
    expect(
      read({ trust: { consumer: { accountPrincipals: ['12'] } } }),
    ).toThrow("'meshport.aws.trust.consumer.accountPrincipals[0]'");
    expect(
      read({
        trust: {
          service: {
            oidc: { providerArn: 'x', audience: 'a', subjects: ['s'] },
          },
        },
      }),
    ).toThrow("'meshport.aws.trust.service.oidc.providerArn'");
    expect(read({ metricsNamespacePrefix: 'AWS/' })).toThrow(
      "'meshport.aws.metricsNamespacePrefix'",
    );
    expect(read({ endpoint: 'localhost' })).toThrow("'meshport.aws.endpoint'");
    expect(read({ permissionsBoundaryArn: 'boundary' })).toThrow(
      "'meshport.aws.permissionsBoundaryArn'",
    );
    expect(read({ maxSessionDuration: 60 })).toThrow(
      "'meshport.aws.maxSessionDuration'",
    );
    // wrong types are reported by Backstage's config reader, also with the key
    expect(read({ maxManagedPoliciesPerRole: 'ten' })).toThrow(
      /maxManagedPoliciesPerRole/,
    );
  });

  it('accepts a plain object (for the CLI and benchmarks)', () => {
    expect(
      resolveAwsProvisionerConfig({ maxManagedPoliciesPerRole: 20 })
        .maxManagedPoliciesPerRole,
    ).toBe(20);
  });
});

describe('meshport.environments[].aws', () => {
  const environments = (aws: JsonObject) =>
    new ConfigReader({
      meshport: {
        environments: [
          { name: 'dev', accountId: '111111111111', region: 'eu-west-1' },
          { name: 'prd', accountId: '222222222222', region: 'eu-west-1', aws },
        ],
        aws: { rolePrefix: 'dp' },
      },
    });

  it('reads the role to assume, the boundary and the trust of one environment', () => {
    const config = readAwsProvisionerConfig(
      environments({
        roleArn: 'arn:aws:iam::222222222222:role/meshport-provisioner',
        externalId: 'acme-meshport',
        sessionName: 'meshport-prd',
        permissionsBoundaryArn: 'arn:aws:iam::222222222222:policy/boundary',
        trust: {
          service: {
            oidc: {
              providerArn:
                'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
              audience: 'sts.amazonaws.com',
              subjects: ['repo:acme/{product}:*'],
            },
          },
        },
      }),
    );
    expect(config.rolePrefix).toBe('dp');
    expect(config.environments).toEqual({
      prd: {
        credentials: {
          roleArn: 'arn:aws:iam::222222222222:role/meshport-provisioner',
          externalId: 'acme-meshport',
          sessionName: 'meshport-prd',
        },
        permissionsBoundaryArn: 'arn:aws:iam::222222222222:policy/boundary',
        trust: {
          service: {
            accountPrincipals: [],
            ssoRoleArns: [],
            oidc: {
              providerArn:
                'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
              audience: 'sts.amazonaws.com',
              subjects: ['repo:acme/{product}:*'],
            },
          },
        },
      },
    });
  });

  it('reads a named profile', () => {
    expect(
      readAwsProvisionerConfig(environments({ profile: 'acme-prd' }))
        .environments?.prd.credentials,
    ).toEqual({ profile: 'acme-prd' });
  });

  it('reads the access control mode, the Lake Formation registration role and KMS keys per bucket', () => {
    const config = readAwsProvisionerConfig(
      environments({
        accessControl: 'lake-formation',
        lakeFormation: {
          registrationRoleArn: 'arn:aws:iam::222222222222:role/lf-register',
        },
        bucketKmsKeys: {
          datalake: 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab',
        },
      }),
    );
    expect(config.environments?.prd).toMatchObject({
      accessControl: 'lake-formation',
      registrationRoleArn: 'arn:aws:iam::222222222222:role/lf-register',
      bucketKmsKeys: {
        datalake: 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab',
      },
    });
  });

  it.each([
    [
      { accessControl: 'lakeformation' },
      'meshport.environments[prd].aws.accessControl',
    ],
    [
      { lakeFormation: { registrationRoleArn: 'lf' } },
      'meshport.environments[prd].aws.lakeFormation.registrationRoleArn',
    ],
    [
      { bucketKmsKeys: { datalake: 'alias/data' } },
      'meshport.environments[prd].aws.bucketKmsKeys.datalake',
    ],
    [{ roleArn: 'meshport' }, 'meshport.environments[prd].aws.roleArn'],
    [{ externalId: 'x-123' }, 'meshport.environments[prd].aws.externalId'],
    [
      { roleArn: 'arn:aws:iam::222222222222:role/r', sessionName: 'a b' },
      'meshport.environments[prd].aws.sessionName',
    ],
    [
      { permissionsBoundaryArn: 'arn:aws:iam::222222222222:role/r' },
      'meshport.environments[prd].aws.permissionsBoundaryArn',
    ],
    [
      { trust: { owner: { ssoRoleArns: ['AWSReservedSSO_Admin'] } } },
      'meshport.environments[prd].aws.trust.owner.ssoRoleArns[0]',
    ],
  ])('names the invalid key of %j', (aws, key) => {
    expect(() => readAwsProvisionerConfig(environments(aws))).toThrow(
      `Invalid config at '${key}'`,
    );
  });
});
