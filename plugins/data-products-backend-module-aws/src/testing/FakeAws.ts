/*
 * Fake AWS accounts behind `aws-sdk-client-mock`: the tests mock the SDK
 * clients (the only boundary mocked), and the fakes answer every command
 * Meshport sends, statefully.
 *
 *   const cloud = new FakeAws([{ accountId: '111111111111', region: 'eu-west-1' }]);
 *   cloud.install({
 *     iam: mockClient(IAMClient),
 *     glue: mockClient(GlueClient),
 *     athena: mockClient(AthenaClient),
 *   });
 *
 * Clients are routed to an account by their region (Meshport builds one set
 * of clients per environment), so each environment needs its own region.
 */
import * as athenaSdk from '@aws-sdk/client-athena';
import * as glueSdk from '@aws-sdk/client-glue';
import * as iamSdk from '@aws-sdk/client-iam';
import * as lakeFormationSdk from '@aws-sdk/client-lakeformation';
import * as s3Sdk from '@aws-sdk/client-s3';
import * as stsSdk from '@aws-sdk/client-sts';
import type { AwsStub } from 'aws-sdk-client-mock';
import { FakeAthena } from './FakeAthena';
import { FakeBucketPolicies } from './FakeBucketPolicies';
import { FakeGlue } from './FakeGlue';
import { FakeIam, FakeIamOptions } from './FakeIam';
import { FakeLakeFormation } from './FakeLakeFormation';
import { FakeCall, FakeService } from './FakeService';

export interface FakeAccount {
  accountId: string;
  region: string;
  iam: FakeIam;
  glue: FakeGlue;
  athena: FakeAthena;
  /** Bucket policies (cross-account reads). */
  s3: FakeBucketPolicies;
  lakeformation: FakeLakeFormation;
}

type AnyStub = AwsStub<any, any, any>;

/** SDK command name (without `Command`) -> fake method. */
const IAM_COMMANDS = [
  'CreateRole',
  'GetRole',
  'ListRoles',
  'ListRoleTags',
  'GetAccountAuthorizationDetails',
  'ListPolicyTags',
  'GetAccountSummary',
  'UpdateRole',
  'UpdateAssumeRolePolicy',
  'PutRolePermissionsBoundary',
  'TagRole',
  'UntagRole',
  'DeleteRole',
  'CreateInstanceProfile',
  'AddRoleToInstanceProfile',
  'ListInstanceProfilesForRole',
  'RemoveRoleFromInstanceProfile',
  'CreatePolicy',
  'GetPolicy',
  'ListPolicies',
  'GetPolicyVersion',
  'ListPolicyVersions',
  'CreatePolicyVersion',
  'SetDefaultPolicyVersion',
  'DeletePolicyVersion',
  'DeletePolicy',
  'TagPolicy',
  'UntagPolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'ListAttachedRolePolicies',
  'PutRolePolicy',
  'GetRolePolicy',
  'ListRolePolicies',
  'DeleteRolePolicy',
] as const;

const GLUE_COMMANDS = [
  'CreateDatabase',
  'GetDatabase',
  'GetDatabases',
  'UpdateDatabase',
  'DeleteDatabase',
  'GetTables',
  'GetTags',
  'TagResource',
  'UntagResource',
  'GetResourcePolicy',
  'PutResourcePolicy',
] as const;

const S3_COMMANDS = ['GetBucketPolicy', 'PutBucketPolicy'] as const;

const LAKE_FORMATION_COMMANDS = [
  'GetDataLakeSettings',
  'ListResources',
  'RegisterResource',
  'ListPermissions',
  'BatchGrantPermissions',
  'BatchRevokePermissions',
  'ListLFTags',
  'CreateLFTag',
  'UpdateLFTag',
  'GetResourceLFTags',
  'AddLFTagsToResource',
] as const;

const ATHENA_COMMANDS = [
  'CreateWorkGroup',
  'GetWorkGroup',
  'ListWorkGroups',
  'UpdateWorkGroup',
  'DeleteWorkGroup',
  'ListTagsForResource',
  'TagResource',
  'UntagResource',
  'GetDataCatalog',
  'CreateDataCatalog',
  'UpdateDataCatalog',
] as const;

const methodOf = (command: string) =>
  command[0].toLowerCase() + command.slice(1);

export class FakeAws {
  private readonly byRegion = new Map<string, FakeAccount>();
  /** region -> the account its credentials belong to, when not its own (a misconfiguration). */
  private readonly credentialsAccount = new Map<string, string>();
  /** STS calls, by region. */
  readonly stsCalls: Array<{ command: string; region: string }> = [];

  constructor(
    accounts: Array<{ accountId: string; region: string }>,
    options: Omit<FakeIamOptions, 'accountId'> = {},
  ) {
    for (const { accountId, region } of accounts) {
      if (this.byRegion.has(region)) {
        throw new Error(`FakeAws routes by region: ${region} is used twice`);
      }
      // IAM is global: environments of one account (in other regions) share it.
      const sameAccount = [...this.byRegion.values()].find(
        a => a.accountId === accountId,
      );
      this.byRegion.set(region, {
        accountId,
        region,
        iam: sameAccount?.iam ?? new FakeIam({ accountId, ...options }),
        glue: new FakeGlue({ accountId, region, pageSize: options.pageSize }),
        athena: new FakeAthena({ accountId, region }),
        s3: sameAccount?.s3 ?? new FakeBucketPolicies(),
        lakeformation:
          sameAccount?.lakeformation ?? new FakeLakeFormation(accountId),
      });
    }
  }

  get accounts(): FakeAccount[] {
    return [...this.byRegion.values()];
  }

  /** The account with this id (or region). */
  account(accountIdOrRegion: string): FakeAccount {
    const account =
      this.byRegion.get(accountIdOrRegion) ??
      this.accounts.find(a => a.accountId === accountIdOrRegion);
    if (!account) throw new Error(`No fake account ${accountIdOrRegion}`);
    return account;
  }

  private services(): FakeService[] {
    return [
      ...new Set(this.accounts.flatMap(a => [a.iam, a.glue, a.athena, a.s3])),
    ];
  }

  /** Write calls attempted in every account and service. */
  writes(): FakeCall[] {
    return this.services().flatMap(s => s.writes());
  }

  resetCalls(): void {
    for (const service of this.services()) service.resetCalls();
  }

  clearFaults(): void {
    for (const service of this.services()) service.clearFaults();
  }

  /**
   * Makes the credentials used in `region` belong to `accountId`: STS
   * answers with it, as when a profile or role of another account is
   * configured.
   */
  useCredentialsOf(region: string, accountId: string): void {
    this.credentialsAccount.set(region, accountId);
  }

  /** Answers the mocked clients' commands with the fakes. */
  install(stubs: {
    iam: AnyStub;
    glue: AnyStub;
    athena: AnyStub;
    sts?: AnyStub;
    s3?: AnyStub;
    lakeformation?: AnyStub;
  }): void {
    if (stubs.sts) {
      stubs.sts.callsFake(() => {
        throw new Error('The fake AWS does not implement this command');
      });
      stubs.sts
        .on(stsSdk.GetCallerIdentityCommand)
        .callsFake(async (_input: unknown, getClient: () => any) => {
          const region: string = await getClient().config.region();
          this.stsCalls.push({ command: 'GetCallerIdentity', region });
          const accountId =
            this.credentialsAccount.get(region) ??
            this.byRegion.get(region)?.accountId;
          if (!accountId) {
            throw new Error(`No fake AWS account for region ${region}`);
          }
          return {
            Account: accountId,
            Arn: `arn:aws:sts::${accountId}:assumed-role/meshport/meshport`,
            UserId: 'AROAFAKE:meshport',
          };
        });
    }
    this.wire(stubs.iam, iamSdk, IAM_COMMANDS, a => a.iam);
    this.wire(stubs.glue, glueSdk, GLUE_COMMANDS, a => a.glue);
    this.wire(stubs.athena, athenaSdk, ATHENA_COMMANDS, a => a.athena);
    if (stubs.s3) this.wire(stubs.s3, s3Sdk, S3_COMMANDS, a => a.s3);
    if (stubs.lakeformation) {
      this.wire(
        stubs.lakeformation,
        lakeFormationSdk,
        LAKE_FORMATION_COMMANDS,
        a => a.lakeformation,
      );
    }
  }

  private wire(
    stub: AnyStub,
    sdk: Record<string, any>,
    commands: readonly string[],
    serviceOf: (account: FakeAccount) => object,
  ) {
    // Defined first, so the specific commands below take precedence.
    stub.callsFake(() => {
      throw new Error('The fake AWS does not implement this command');
    });
    for (const command of commands) {
      const commandClass = sdk[`${command}Command`];
      if (!commandClass) throw new Error(`The SDK has no ${command}Command`);
      stub
        .on(commandClass)
        .callsFake(async (input: unknown, getClient: () => any) => {
          const region: string = await getClient().config.region();
          const account = this.byRegion.get(region);
          if (!account) {
            throw new Error(`No fake AWS account for region ${region}`);
          }
          return (serviceOf(account) as any)[methodOf(command)](input);
        });
    }
  }
}
