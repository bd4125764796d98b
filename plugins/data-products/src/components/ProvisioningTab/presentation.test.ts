import type { DataProductProvisioningPlanResponse } from '@meshport/plugin-data-products-common';
import {
  collectPendingOperations,
  collectProblems,
  describeProblemLocation,
  describeRunCounts,
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

describe('describeRunCounts', () => {
  it('lists actions and outcomes', () => {
    expect(
      describeRunCounts({
        operations: 3,
        byAction: { create: 2, update: 1 },
        byStatus: { planned: 3 },
        problems: [],
        provisioners: [{ id: 'aws', operations: 3 }],
      }),
    ).toBe('3 operations: 2 create, 1 update; 3 planned');
  });

  it('says so when nothing changed', () => {
    expect(
      describeRunCounts({
        operations: 0,
        byAction: {},
        byStatus: {},
        problems: [],
        provisioners: [],
      }),
    ).toBe('No changes');
  });

  it('is empty before the run has a summary', () => {
    expect(describeRunCounts(undefined)).toBe('');
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
