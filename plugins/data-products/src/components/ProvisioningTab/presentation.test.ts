import type { DataProductProvisioningPlanResponse } from '@meshport/plugin-data-products-common';
import {
  collectPendingOperations,
  collectProblems,
  describeProblemLocation,
  describeRunProductChanges,
  resourceTypeLabel,
  describeRunDuration,
  formatBytes,
  formatDuration,
  isRunActive,
} from './presentation';

const emptyPlan: DataProductProvisioningPlanResponse = {
  entityRef: 'dataproduct:default/sales-orders',
  mode: 'plan',
  provisioners: [],
  problems: [],
};

describe('isRunActive', () => {
  it('is true only for runs that have not finished', () => {
    expect(isRunActive({ status: 'queued' })).toBe(true);
    expect(isRunActive({ status: 'running' })).toBe(true);
    expect(isRunActive({ status: 'succeeded' })).toBe(false);
    expect(isRunActive({ status: 'failed' })).toBe(false);
    expect(isRunActive({ status: 'partial' })).toBe(false);
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [42_000, '42 s'],
    [60_000, '1 min'],
    [185_000, '3 min 5 s'],
    [7_800_000, '2 h 10 min'],
    [3_600_000, '1 h'],
  ])('%d ms reads as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('describeRunDuration', () => {
  it('measures a finished run from start to finish', () => {
    expect(
      describeRunDuration({
        startedAt: '2025-01-01T10:00:00Z',
        finishedAt: '2025-01-01T10:01:30Z',
      }),
    ).toBe('1 min 30 s');
  });

  it('measures a running run up to now', () => {
    expect(
      describeRunDuration(
        { startedAt: '2025-01-01T10:00:00Z' },
        new Date('2025-01-01T10:00:12Z'),
      ),
    ).toBe('12 s so far');
  });

  it('is empty for a run that has not started', () => {
    expect(describeRunDuration({})).toBe('');
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(10 * 1024 ** 3)).toBe('10 GiB');
    expect(formatBytes(1.5 * 1024 ** 2)).toBe('1.5 MiB');
    expect(formatBytes(1e9)).toBe('953.7 MiB');
    expect(formatBytes(512)).toBe('512 bytes');
  });
});

describe('describeRunProductChanges', () => {
  const done = { status: 'succeeded' as const, mode: 'apply' as const };
  const counts = (create: number, update: number, del: number, failed = 0) => ({
    create,
    update,
    delete: del,
    failed,
  });

  it("says what the run changed for this product, not the mesh's count", () => {
    expect(describeRunProductChanges(done, counts(2, 0, 1))).toBe(
      '2 created, 1 deleted',
    );
    expect(describeRunProductChanges(done, counts(0, 1, 0, 1))).toBe(
      '1 updated (1 failed)',
    );
    expect(describeRunProductChanges(done, counts(0, 0, 0))).toBe(
      'No change to this product',
    );
  });

  it('says a plan-mode run only planned its changes', () => {
    expect(
      describeRunProductChanges(
        { status: 'succeeded', mode: 'plan' },
        counts(3, 0, 0),
      ),
    ).toBe('Planned: 3 created');
  });

  it('waits for a running run and for the counts', () => {
    expect(
      describeRunProductChanges(
        { status: 'running', mode: 'apply' },
        counts(1, 0, 0),
      ),
    ).toBe('In progress');
    expect(describeRunProductChanges(done, undefined)).toBe('');
  });
});

describe('collectPendingOperations', () => {
  const operation = {
    id: 'aws:dev:iam-role:create:r',
    provisioner: 'aws',
    environment: 'dev',
    action: 'create' as const,
    resourceType: 'iam-role',
    resource: 'r',
    description: 'Create role r',
    details: {},
  };

  it('is undefined when no provisioner can tell', () => {
    expect(
      collectPendingOperations({
        ...emptyPlan,
        provisioners: [
          { id: 'aws', resources: {}, filtered: true, problems: [] },
        ],
      }),
    ).toBeUndefined();
  });

  it('joins the operations of the provisioners that can tell', () => {
    expect(
      collectPendingOperations({
        ...emptyPlan,
        provisioners: [
          {
            id: 'aws',
            resources: {},
            filtered: true,
            problems: [],
            pendingOperations: [operation],
          },
          { id: 'other', resources: {}, filtered: true, problems: [] },
        ],
      }),
    ).toEqual([operation]);
  });
});

describe('collectProblems', () => {
  it('puts errors first and names the provisioner of each', () => {
    const problems = collectProblems({
      ...emptyPlan,
      problems: [{ severity: 'warning', message: 'spec warning' }],
      provisioners: [
        {
          id: 'aws',
          resources: {},
          filtered: true,
          problems: [
            { severity: 'error', message: 'quota', environment: 'dev' },
          ],
        },
      ],
    });

    expect(problems.map(p => p.message)).toEqual(['quota', 'spec warning']);
    expect(describeProblemLocation(problems[0])).toBe('aws · dev');
  });
});

describe('resourceTypeLabel', () => {
  it('says a resource type as people do', () => {
    expect(resourceTypeLabel('iam-managed-policy')).toBe('IAM managed policy');
    expect(resourceTypeLabel('iam-role')).toBe('IAM role');
    expect(resourceTypeLabel('glue-database')).toBe('Glue database');
    expect(resourceTypeLabel('athena-workgroup')).toBe('Athena workgroup');
    expect(resourceTypeLabel('s3-prefix')).toBe('S3 prefix');
    expect(resourceTypeLabel('')).toBe('');
  });
});
