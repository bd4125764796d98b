/*
 * With moto's IAM enforcement on (`INITIAL_NO_AUTH_ACTION_COUNT`, here
 * switched through its `/moto-api/reset-auth`), a person assumes the
 * consumer role Meshport planned and reads S3: moto evaluates the role's
 * policies as AWS would for S3 (moto enforces IAM for S3 and its "normal"
 * JSON/query services, and permissions boundaries not at all). moto checks
 * trust policies by exact principal ARN: an account root principal does not
 * stand for the account's users as in AWS, so the consumer roles here trust
 * the analyst's user ARN (`meshport.aws.trust.consumer.accountPrincipals`).
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { createAwsClients } from '../apply/clients';
import { resolveAwsProvisionerConfig } from '../config';
import { AwsProvisioner } from '../provisioner';
import { dataset, grant, product } from '../plan/__fixtures__/mesh';
import { MotoServer, startMoto, useMotoCredentials } from '../testing/moto';

jest.setTimeout(120_000);

let moto: MotoServer;
let restoreCredentials: () => void;

beforeAll(async () => {
  restoreCredentials = useMotoCredentials();
  moto = await startMoto({ port: 7220 });
});

afterAll(async () => {
  await moto?.stop();
  restoreCredentials?.();
});

const ACCOUNT = '100000000011';
const BUCKET = 'meshport-enforced-datalake';
const dev: MeshportEnvironment = {
  name: 'dev',
  accountId: ACCOUNT,
  region: 'eu-west-1',
  buckets: { datalake: { name: BUCKET } },
  readsFrom: [],
};

it('lets the consumer role read its granted dataset, and nothing beside it', async () => {
  const config = resolveAwsProvisionerConfig({
    endpoint: moto.endpoint,
    environments: {
      dev: {
        roleArn: `arn:aws:iam::${ACCOUNT}:role/meshport-provisioner`,
      },
    },
  });
  const analystArn = `arn:aws:iam::${ACCOUNT}:user/analyst`;
  const admin = createAwsClients(dev, config);
  // A person allowed to assume roles: exists before a trust policy names it.
  await admin.iam.send(new CreateUserCommand({ UserName: 'analyst' }));
  await admin.iam.send(
    new PutUserPolicyCommand({
      UserName: 'analyst',
      PolicyName: 'assume-roles',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
        ],
      }),
    }),
  );
  const { AccessKey } = await admin.iam.send(
    new CreateAccessKeyCommand({ UserName: 'analyst' }),
  );
  const provisioner = new AwsProvisioner({
    config: {
      ...config,
      trust: {
        ...config.trust,
        consumer: { accountPrincipals: [analystArn], ssoRoleArns: [] },
      },
    },
    environments: [dev],
  });
  const plan = await provisioner.plan({
    environments: [dev],
    products: [product('sales'), product('churn'), product('marketing')],
    datasets: [
      dataset('orders', 'sales', [
        { type: 's3', bucket: 'datalake', path: 'sales/orders/' },
      ]),
      dataset('returns', 'sales', [
        { type: 's3', bucket: 'datalake', path: 'sales/returns/' },
      ]),
      dataset('campaigns', 'marketing', [
        { type: 's3', bucket: 'datalake', path: 'marketing/campaigns/' },
      ]),
    ],
    grants: [grant('churn', 'orders', ['dev'])],
  });
  const results = await provisioner.apply(
    provisioner.diff(plan, await provisioner.readActualState(plan)),
  );
  expect(results.filter(r => r.status !== 'succeeded')).toEqual([]);

  // The data, put before enforcing.
  await admin.s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  for (const key of [
    'sales/orders/part-0.csv',
    'sales/returns/part-0.csv',
    'marketing/campaigns/part-0.csv',
  ]) {
    await admin.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: `data of ${key}`,
      }),
    );
  }

  await moto.enforceIamAfter(0);
  try {
    const consumerArn = plan.desired.roles.find(
      r => r.name === 'meshport-churn-dev-consumer',
    )!.arn;
    const sts = new STSClient({
      region: dev.region,
      endpoint: moto.endpoint,
      credentials: {
        accessKeyId: AccessKey!.AccessKeyId!,
        secretAccessKey: AccessKey!.SecretAccessKey!,
      },
    });
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: consumerArn,
        RoleSessionName: 'analyst',
      }),
    );
    const s3 = new S3Client({
      region: dev.region,
      endpoint: moto.endpoint,
      forcePathStyle: true,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    });
    const read = async (key: string) => {
      try {
        const object = await s3.send(
          new GetObjectCommand({ Bucket: BUCKET, Key: key }),
        );
        return await object.Body!.transformToString();
      } catch (error) {
        return (error as Error).name;
      }
    };

    expect(await read('sales/orders/part-0.csv')).toBe(
      'data of sales/orders/part-0.csv',
    );
    // The granted dataset's sibling, and another product's data.
    expect(await read('sales/returns/part-0.csv')).toBe('AccessDenied');
    expect(await read('marketing/campaigns/part-0.csv')).toBe('AccessDenied');
  } finally {
    await moto.enforceIamAfter(Infinity);
  }
});
