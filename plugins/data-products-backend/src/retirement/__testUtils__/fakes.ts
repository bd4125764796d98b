/*
 * In-memory stand-ins for the features retirement talks to (access grants,
 * SLO monitoring) and a provisioner that archives, for retirement's tests.
 */
import type { AccessRequest } from '@meshport/plugin-data-products-common';
import type {
  ArchiveOperation,
  ArchiveRequest,
  ArchiveResult,
  DataProductsRetirementHook,
  RetirementHookContext,
} from '@meshport/plugin-data-products-node';
import type { AccessGrantsService, SloMonitoringService } from '../../features';
import {
  FakeProvisioner,
  FakeProvisionerOptions,
} from '../../testing/FakeProvisioner';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

export function accessRequest(
  id: string,
  consumer: string,
  dataset: string,
  overrides: Partial<AccessRequest> = {},
): AccessRequest {
  return {
    id,
    consumer,
    dataset,
    environments: ['dev'],
    purpose: 'analysis',
    requester: 'user:default/carol',
    status: 'granted',
    decidedBy: 'user:default/alice',
    decidedAt: '2026-11-01T09:00:00.000Z',
    grantId: `grant-${id}`,
    createdAt: '2026-11-01T08:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

/** Grants held in memory; revoking is idempotent like the real service. */
export class FakeAccessGrants implements AccessGrantsService {
  readonly revokeCalls: Array<{
    datasets: string[];
    actor: string;
    note: string;
  }> = [];
  readonly consumerRevokeCalls: Array<{
    consumer: string;
    actor: string;
    note: string;
  }> = [];
  /** When set, the next revoke waits for this promise (a "hang"). */
  hangNextRevoke?: Promise<never>;
  /** Resolves when a revoke call starts. */
  onRevokeStarted?: () => void;

  constructor(public requests: AccessRequest[] = []) {}

  private active() {
    return this.requests.filter(
      r => r.status === 'approved' || r.status === 'granted',
    );
  }

  async listActiveForDatasets(datasetRefs: string[]) {
    const wanted = new Set(datasetRefs.map(lower));
    return this.active().filter(r => wanted.has(lower(r.dataset)));
  }

  async listActiveForConsumer(productRef: string) {
    return this.active().filter(r => lower(r.consumer) === lower(productRef));
  }

  async revokeAllForDatasets(
    datasetRefs: string[],
    options: { actor: string; note: string },
  ) {
    this.revokeCalls.push({ datasets: datasetRefs, ...options });
    this.onRevokeStarted?.();
    if (this.hangNextRevoke) {
      const hang = this.hangNextRevoke;
      this.hangNextRevoke = undefined;
      await hang;
    }
    const changed = (await this.listActiveForDatasets(datasetRefs)).map(r => {
      r.status = 'revoked';
      r.decisionNote = options.note;
      return r;
    });
    return changed;
  }

  async revokeAllForConsumer(
    productRef: string,
    options: { actor: string; note: string },
  ) {
    this.consumerRevokeCalls.push({ consumer: productRef, ...options });
    return (await this.listActiveForConsumer(productRef)).map(r => {
      r.status = 'revoked';
      r.decisionNote = options.note;
      return r;
    });
  }
}

export class FakeSloMonitoring implements SloMonitoringService {
  readonly stopped = new Set<string>();
  readonly calls: string[] = [];

  async stopMonitoring(datasetRefs: string[]) {
    this.calls.push(`stop ${datasetRefs.join(',')}`);
    datasetRefs.forEach(ref => this.stopped.add(ref));
  }

  async resumeMonitoring(datasetRefs: string[]) {
    this.calls.push(`resume ${datasetRefs.join(',')}`);
    datasetRefs.forEach(ref => this.stopped.delete(ref));
  }
}

export class FakePipelineHook implements DataProductsRetirementHook {
  readonly id = 'fake-orchestrator';
  readonly stopped: RetirementHookContext[] = [];

  async stopPipeline(context: RetirementHookContext) {
    this.stopped.push(context);
    return { note: `paused the DAG of ${context.dataProduct}` };
  }
}

/** The fake provisioner, plus an archive that records what it was asked. */
export class ArchivingFakeProvisioner extends FakeProvisioner {
  readonly archived: ArchiveRequest[] = [];
  /** Archive attempts that fail before one succeeds. */
  failArchives = 0;

  constructor(options: FakeProvisionerOptions = {}) {
    super(options);
  }

  async archive(request: ArchiveRequest): Promise<ArchiveResult> {
    this.archived.push(request);
    const fail = this.failArchives > 0;
    if (fail) this.failArchives -= 1;
    let status: ArchiveOperation['status'] = fail ? 'failed' : 'succeeded';
    if (request.mode === 'plan') status = 'planned';
    return {
      operations: request.input.datasets.map(dataset => ({
        id: `archive:${dataset.metadata.name}`,
        environment: 'dev',
        resourceType: 's3-prefix',
        source: `s3://lake/${dataset.metadata.name}/`,
        target: `s3://archive/retired/${dataset.metadata.name}/`,
        description: `Copy ${dataset.metadata.name} to the archive`,
        status,
        ...(fail ? { error: 'AccessDenied: s3:PutObject' } : {}),
      })),
      problems: [],
    };
  }
}
