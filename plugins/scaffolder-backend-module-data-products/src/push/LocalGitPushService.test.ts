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

  async function setUp(
    pipelineScopes: { subject: string; dataProducts: string[] }[] = [],
  ) {
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
        title: 'Customer churn',
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
    const webOrders = {
      ...product,
      metadata: {
        name: 'web-orders',
        namespace: 'default',
        title: 'Web orders',
      },
    };
    const marketing = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-marketing', namespace: 'default' },
      spec: {
        type: 'team',
        profile: { displayName: 'Marketing' },
        children: [],
      },
    };
    const catalog = catalogServiceMock({
      entities: [stored, user, webOrders, marketing],
    });
    const service = new LocalGitPushService({
      catalog,
      auth: mockServices.auth(),
      ...ownerPermissions({
        entities: [stored],
        memberships: { [alice]: ['group:default/team-sales'] },
      }),
      repositories,
      environments: testEnvironments,
      pipelineScopes,
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
      'Alice Martin|meshport apply: Customer churn (2 documents)',
      'Alice Martin|meshport apply: Customer churn (2 documents)',
      'Alice Martin|meshport apply: Customer churn (2 documents)',
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

  it("says in sentences, by the product's title and the names as written, why documents are refused", async () => {
    const { service } = await setUp();
    const credentials = mockCredentials.user(alice);
    await expect(
      service.push(credentials, PRODUCT, [
        parse(productYaml('finance-ledger')) as Entity,
      ]),
    ).rejects.toThrow(
      'catalog-info.yaml declares the data product "finance-ledger", but this repository holds "Customer churn" (customer-churn): apply each product on its own.',
    );
    await expect(
      service.push(credentials, 'dataproduct:default/nope', [product]),
    ).rejects.toThrow(
      'There is no data product "nope" in the catalog: a new product is registered by meshport apply, not pushed.',
    );
  });

  it("refuses another team's user before anything is written", async () => {
    const { service, repositories } = await setUp();
    await expect(
      service.push(mockCredentials.user('user:default/carol'), PRODUCT, [
        product,
      ]),
    ).rejects.toThrow(
      'You may not change the data product Customer churn: it is owned by team-sales.',
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
      /^You may not create a data product owned by Marketing: you are not one of its members/,
    );
  });

  it('refuses a pipeline another product, naming both by title', async () => {
    const { service, repositories } = await setUp([
      { subject: 'ci-web', dataProducts: ['dataproduct:default/web-orders'] },
    ]);
    const refusal = service.push(mockCredentials.service('ci-web'), PRODUCT, [
      product,
    ]);
    await expect(refusal).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(refusal).rejects.toThrow(
      /^The pipeline ci-web may deploy Web orders only, not Customer churn\.$/,
    );
    expect(
      execFileSync('git', ['rev-list', '--count', 'HEAD'], {
        cwd: repositories.repositoryPath('customer-churn'),
        encoding: 'utf8',
      }).trim(),
    ).toBe('1');
  });

  it('refuses a pipeline a new owner, naming the team by title', async () => {
    const { service } = await setUp([
      { subject: 'ci-churn', dataProducts: [PRODUCT] },
    ]);
    const given = {
      ...product,
      spec: { ...product.spec, owner: 'team-marketing' },
    };
    await expect(
      service.push(mockCredentials.service('ci-churn'), PRODUCT, [given]),
    ).rejects.toThrow(
      'A pipeline may not give Customer churn or its datasets another owner (Marketing): its owners change that in the portal.',
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
