import type { ProvisioningRun } from '@meshport/plugin-data-products-common';
import { decideChangeTrigger } from './changeDetection';

function run(overrides: Partial<ProvisioningRun>): ProvisioningRun {
  return {
    id: 'r',
    trigger: 'schedule',
    mode: 'plan',
    status: 'succeeded',
    createdAt: '2026-11-21T10:00:00.000Z',
    inputFingerprint: 'same',
    summary: {
      operations: 0,
      byAction: {},
      byStatus: {},
      problems: [],
      provisioners: [{ id: 'aws', operations: 0 }],
    },
    ...overrides,
  };
}

describe('decideChangeTrigger', () => {
  const decide = (latestFullRun?: ProvisioningRun, provisionerIds = ['aws']) =>
    decideChangeTrigger({ fingerprint: 'same', latestFullRun, provisionerIds });

  it('starts the first run ever', () => {
    expect(decide(undefined)).toBe('startup');
  });

  it('does nothing while the input matches the latest whole-mesh run, whatever its outcome', () => {
    expect(decide(run({}))).toBeUndefined();
    expect(decide(run({ status: 'failed' }))).toBeUndefined();
  });

  it('queues a run when the input changed', () => {
    expect(decide(run({ inputFingerprint: 'other' }))).toBe('catalog-change');
    expect(decide(run({ status: 'running', inputFingerprint: 'other' }))).toBe(
      'catalog-change',
    );
  });

  it('waits for a queued run or one that has not read its input yet', () => {
    expect(
      decide(run({ status: 'queued', inputFingerprint: undefined })),
    ).toBeUndefined();
    expect(
      decide(run({ status: 'running', inputFingerprint: undefined })),
    ).toBeUndefined();
  });

  it('starts a run for a provisioner added since the latest run', () => {
    expect(decide(run({}), ['aws', 'snowflake'])).toBe('startup');
  });
});
