import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  datasetYaml,
  ownerPermissions,
  productYaml,
  testEnvironments,
} from '../__testUtils__/context';
import { LocalGitRepositories } from '../lib/git';
import { LocalGitPushService } from './LocalGitPushService';
import { parsePushBody } from './router';

const PRODUCT = 'dataproduct:default/customer-churn';
const product = parse(productYaml()) as Entity;
const alice = 'user:default/alice';

describe('LocalGitPushService', () => {
  const directory = createMockDirectory();

  async function setUp() {
    directory.clear();
    const source = path.join(directory.path, 'source');
    await fs.mkdir(source, { recursive: true });
    await fs.writeFile(
      path.join(source, 'catalog-info.yaml'),
      `# The spec of this data product.\n${productYaml()}`,
    );
    const repositories = new LocalGitRepositories({
      directory: path.join(directory.path, 'git'),
    });
    await repositories.create({
      name: 'customer-churn',
      sourceDir: source,
      message: 'Create',
      author: { name: 'Wizard', email: 'wizard@example.com' },
      defaultBranch: 'main',
      taskId: 'task-1',
    });
    const stored = {
      ...product,
      metadata: {
        ...product.metadata,
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location':
            'meshport-local-git:customer-churn',
        },
      },
    };
    const user = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'alice', namespace: 'default' },
      spec: {
        profile: { displayName: 'Alice Martin', email: 'alice@example.com' },
      },
    };
    const catalog = catalogServiceMock({ entities: [stored, user] });
    const service = new LocalGitPushService({
      catalog,
      auth: mockServices.auth(),
      ...ownerPermissions({
        entities: [stored],
        memberships: { [alice]: ['group:default/team-sales'] },
      }),
      repositories,
      environments: testEnvironments,
      pipelineScopes: [],
    });
    return { service, repositories };
  }

  it('commits concurrent pushes to one repository one after the other, as the user', async () => {
    const { service, repositories } = await setUp();
    const credentials = mockCredentials.user(alice);
    const pushes = ['scores-a', 'scores-b', 'scores-c'].map(name =>
      service.push(credentials, PRODUCT, [
        product,
        parse(datasetYaml(name)) as Entity,
      ]),
    );
    const results = await Promise.all(pushes);
    expect(results.every(result => result.changed)).toBe(true);
    const log = execFileSync('git', ['log', '--format=%an|%s'], {
      cwd: repositories.repositoryPath('customer-churn'),
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(log).toEqual([
      'Alice Martin|meshport apply: customer-churn (2 documents)',
      'Alice Martin|meshport apply: customer-churn (2 documents)',
      'Alice Martin|meshport apply: customer-churn (2 documents)',
      'Wizard|Create',
    ]);
    const written = await fs.readFile(
      path.join(
        repositories.checkoutPath('customer-churn'),
        'catalog-info.yaml',
      ),
      'utf8',
    );
    expect(written.startsWith('# The spec of this data product.\n')).toBe(true);
  });

  it("refuses another team's user before anything is written", async () => {
    const { service, repositories } = await setUp();
    await expect(
      service.push(mockCredentials.user('user:default/carol'), PRODUCT, [
        product,
      ]),
    ).rejects.toThrow(
      'You may not change the data product customer-churn: it is owned by group:default/team-sales.',
    );
    expect(
      execFileSync('git', ['rev-list', '--count', 'HEAD'], {
        cwd: repositories.repositoryPath('customer-churn'),
        encoding: 'utf8',
      }).trim(),
    ).toBe('1');
  });

  it('refuses to hand the product to another team', async () => {
    const { service } = await setUp();
    const given = {
      ...product,
      spec: { ...product.spec, owner: 'team-marketing' },
    };
    await expect(
      service.push(mockCredentials.user(alice), PRODUCT, [given]),
    ).rejects.toThrow(
      /^owner: you may not create a data product owned by group:default\/team-marketing: you are not one of its members/,
    );
  });
});

describe('parsePushBody', () => {
  it('names the field that is wrong', () => {
    expect(() =>
      parsePushBody({ entityRef: 'group:default/x', entities: [{}] }),
    ).toThrow(
      'entityRef: must be a DataProduct entity ref such as dataproduct:default/sales-orders (got "group:default/x")',
    );
    expect(() => parsePushBody({ entityRef: 'orders', entities: [] })).toThrow(
      'entities: must be the DataProduct and Datasets of the product, as a non-empty array of entities',
    );
    expect(parsePushBody({ entityRef: 'orders', entities: [product] })).toEqual(
      {
        entityRef: PRODUCT.replace('customer-churn', 'orders'),
        entities: [product],
      },
    );
  });
});
