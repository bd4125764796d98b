import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  EntityAlreadyExistsException,
  ListUsersCommand,
  GetRolePolicyCommand,
  IAMClient,
  LimitExceededException,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeAws } from './FakeAws';

const stubs = {
  iam: mockClient(IAMClient),
  glue: mockClient(GlueClient),
  athena: mockClient(AthenaClient),
  sts: mockClient(STSClient),
};
let cloud: FakeAws;
const dev = new IAMClient({ region: 'eu-west-1' });
const prd = new IAMClient({ region: 'eu-central-1' });

beforeEach(() => {
  for (const stub of Object.values(stubs)) stub.reset();
  cloud = new FakeAws([
    { accountId: '111111111111', region: 'eu-west-1' },
    { accountId: '222222222222', region: 'eu-central-1' },
  ]);
  cloud.install(stubs);
});

afterAll(() => {
  for (const stub of Object.values(stubs)) stub.restore();
});

const document = (statements: number, resourceLength = 10) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: statements }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${'x'.repeat(resourceLength)}/${i}/*`,
    })),
  });

const role = (name: string) =>
  new CreateRoleCommand({
    RoleName: name,
    AssumeRolePolicyDocument: document(1),
  });

describe('FakeIam behind the mocked IAMClient', () => {
  it('keeps one state per account, chosen by the client region', async () => {
    await dev.send(role('a'));
    await prd.send(role('b'));
    expect(cloud.account('111111111111').iam.roleNames()).toEqual(['a']);
    expect(cloud.account('222222222222').iam.roleNames()).toEqual(['b']);
    const created = await dev.send(
      new CreatePolicyCommand({
        PolicyName: 'p',
        Path: '/x/',
        PolicyDocument: document(1),
      }),
    );
    expect(created.Policy!.Arn).toBe('arn:aws:iam::111111111111:policy/x/p');
  });

  it('throws the errors IAM throws, as SDK exceptions', async () => {
    await dev.send(role('a'));
    await expect(dev.send(role('A'))).rejects.toBeInstanceOf(
      EntityAlreadyExistsException,
    );
    await expect(
      dev.send(
        new AttachRolePolicyCommand({
          RoleName: 'nobody',
          PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        }),
      ),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(
      dev.send(
        new DeletePolicyCommand({
          PolicyArn: 'arn:aws:iam::111111111111:policy/none',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      $metadata: expect.objectContaining({ httpStatusCode: 404 }),
    });
  });

  it('enforces the quotas that shape Meshport: 10 attached policies, 6,144 and 10,240 characters', async () => {
    await dev.send(role('r'));
    for (let i = 0; i < 10; i++) {
      await dev.send(
        new AttachRolePolicyCommand({
          RoleName: 'r',
          PolicyArn: `arn:aws:iam::aws:policy/P${i}`,
        }),
      );
    }
    await expect(
      dev.send(
        new AttachRolePolicyCommand({
          RoleName: 'r',
          PolicyArn: 'arn:aws:iam::aws:policy/P10',
        }),
      ),
    ).rejects.toThrow('Cannot exceed quota for PoliciesPerRole: 10');

    const big = document(60, 80);
    expect(big.length).toBeGreaterThan(6144);
    await expect(
      dev.send(
        new CreatePolicyCommand({ PolicyName: 'big', PolicyDocument: big }),
      ),
    ).rejects.toBeInstanceOf(LimitExceededException);
    // Whitespace does not count.
    const spaced = JSON.stringify(JSON.parse(document(40, 40)), null, 8);
    expect(spaced.replace(/\s+/g, '').length).toBeLessThan(6144);
    expect(spaced.length).toBeGreaterThan(6144);
    await dev.send(
      new CreatePolicyCommand({ PolicyName: 'spaced', PolicyDocument: spaced }),
    );

    await dev.send(
      new PutRolePolicyCommand({
        RoleName: 'r',
        PolicyName: 'one',
        PolicyDocument: document(40, 80),
      }),
    );
    await expect(
      dev.send(
        new PutRolePolicyCommand({
          RoleName: 'r',
          PolicyName: 'two',
          PolicyDocument: document(40, 80),
        }),
      ),
    ).rejects.toThrow('Maximum policy size of 10240 bytes exceeded for role r');
  });

  it('returns documents URL-encoded, like IAM', async () => {
    await dev.send(role('r'));
    await dev.send(
      new PutRolePolicyCommand({
        RoleName: 'r',
        PolicyName: 'p',
        PolicyDocument: document(1),
      }),
    );
    const { PolicyDocument } = await dev.send(
      new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' }),
    );
    expect(PolicyDocument).toBe(encodeURIComponent(document(1)));
  });

  it('injects throttling and failures, and counts write calls', async () => {
    const iam = cloud.account('111111111111').iam;
    iam.failNext(2, 'Throttling', { commands: ['CreateRole'] });
    await expect(dev.send(role('a'))).rejects.toMatchObject({
      name: 'Throttling',
    });
    await expect(dev.send(role('a'))).rejects.toMatchObject({
      name: 'Throttling',
    });
    await dev.send(role('a'));

    const clear = iam.failOn('CreateRole', input => input.RoleName === 'b');
    await expect(dev.send(role('b'))).rejects.toThrow(
      'Injected failure of CreateRole',
    );
    await dev.send(role('c'));
    clear();
    await dev.send(role('b'));

    expect(
      iam.writes('CreateRole').map(c => [c.input.RoleName, c.error?.name]),
    ).toEqual([
      ['a', 'Throttling'],
      ['a', 'Throttling'],
      ['a', undefined],
      ['b', 'Error'],
      ['c', undefined],
      ['b', undefined],
    ]);
    expect(cloud.writes()).toHaveLength(6);
  });

  it('rejects commands it does not implement instead of answering nothing', async () => {
    await expect(dev.send(new ListUsersCommand({}))).rejects.toThrow(
      'The fake AWS does not implement this command',
    );
  });
});
