import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { SliCollector } from '@meshport/plugin-data-products-node';
import {
  setupSlo,
  SLO_COLLECTION_TASK_ID,
  SLO_EVALUATION_TASK_ID,
  SLO_RETENTION_TASK_ID,
  SLO_SAMPLE_DATA_TASK_ID,
  SliCollectorsRegistry,
} from './index';
import { DatabaseSloStore } from './DatabaseSloStore';

jest.setTimeout(30_000);

const glue: SliCollector = { id: 'aws-glue', collect: async () => [] };

describe('setupSlo', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setup(options: {
    mode: 'plan' | 'apply';
    collectors?: SliCollector[];
    sampleData?: boolean;
  }) {
    const knex = await databases.init('SQLITE_3');
    const scheduler = mockServices.scheduler.mock();
    const logger = mockServices.logger.mock();
    await setupSlo({
      store: await DatabaseSloStore.create({
        database: mockServices.database({ knex }),
      }),
      scheduler,
      logger,
      config: mockServices.rootConfig({
        data: { meshport: { slo: { sampleData: options.sampleData } } },
      }),
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      collectors: options.collectors ?? [glue],
      provisioningMode: options.mode,
    });
    const tasks = scheduler.scheduleTask.mock.calls.map(([task]) => task);
    return { tasks, logger };
  }

  it('leaves the collectors off in plan mode, and says so', async () => {
    const { tasks, logger } = await setup({ mode: 'plan' });
    expect(tasks.map(t => t.id)).toEqual([
      SLO_EVALUATION_TASK_ID,
      SLO_RETENTION_TASK_ID,
    ]);
    expect(tasks.every(t => t.scope === 'global')).toBe(true);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'SLI collection is off in plan mode (meshport.provisioning.mode); collector(s) aws-glue will not run',
      ),
    );
  });

  it('schedules the collectors in apply mode, and the sample data when configured', async () => {
    const { tasks } = await setup({ mode: 'apply', sampleData: true });
    expect(tasks.map(t => [t.id, t.scope])).toEqual([
      [SLO_EVALUATION_TASK_ID, 'global'],
      [SLO_COLLECTION_TASK_ID, 'global'],
      [SLO_RETENTION_TASK_ID, 'global'],
      [SLO_SAMPLE_DATA_TASK_ID, 'global'],
    ]);
  });

  it('has no collection task in apply mode without collectors', async () => {
    const { tasks } = await setup({ mode: 'apply', collectors: [] });
    expect(tasks.map(t => t.id)).not.toContain(SLO_COLLECTION_TASK_ID);
  });
});

describe('SliCollectorsRegistry', () => {
  it('refuses duplicate ids and late additions', () => {
    const registry = new SliCollectorsRegistry();
    registry.addSliCollector(glue);
    expect(() => registry.addSliCollector(glue)).toThrow(
      "Two data-products SLI collectors have the id 'aws-glue'",
    );
    expect(registry.lock()).toEqual([glue]);
    expect(() => registry.addSliCollector({ ...glue, id: 'other' })).toThrow(
      "SLI collector 'other' was added after the data-products plugin started",
    );
  });
});
