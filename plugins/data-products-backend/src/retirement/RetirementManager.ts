/*
 * Retirement's commands and reads: start, confirm and cancel (decided by
 * ./machine.ts), the Retirement tab's reads, and the scheduled task (run by
 * ./runner.ts over the steps of ./steps). It talks to the other features only
 * through the interfaces of ../features.ts, all given at construction.
 */
import { randomUUID } from 'crypto';
import type {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  DataProductEntity,
  DatasetEntity,
  formatEntityRef,
  MeshportEnvironment,
  Retirement,
  RetirementStatusResponse,
  RetirementStep,
  RetirementUsage,
} from '@meshport/plugin-data-products-common';
import type {
  DataProductsRetirementHook,
  PlatformProvisioner,
} from '@meshport/plugin-data-products-node';
import type {
  AccessGrantsService,
  ConsumersService,
  DatasetReadsService,
  RetirementState,
  RetirementStatusService,
  SloMonitoringService,
} from '../features';
import type { RetirementConfig } from './config';
import {
  checkSunset,
  DEFAULT_RETRY_POLICY,
  decideCancel,
  decideConfirm,
  earliestSunset,
  formatDuration,
  latestSunset,
  resetForRetry,
  RetryPolicy,
} from './machine';
import { RetirementNotifier } from './notifier';
import { RetirementQueries } from './queries';
import type { RetirementStore, StoredRetirement } from './RetirementStore';
import { mustGet, RetirementRunner } from './runner';
import { lower, RetirementProvisioning, toMachineStep } from './shared';
import { readUsage } from './usage';

export type { RetirementProvisioning } from './shared';

export interface RetirementManagerOptions {
  store: RetirementStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  auditor?: AuditorService;
  notifications?: NotificationService;
  provisioning: RetirementProvisioning;
  provisioners: PlatformProvisioner[];
  hooks: DataProductsRetirementHook[];
  environments: MeshportEnvironment[];
  config: RetirementConfig;
  /** The access requests' grants: usage, and the revoke-grants step. */
  accessGrants: AccessGrantsService;
  /** The SLO monitors: the stop-monitoring step, resumed on a cancel. */
  sloMonitoring: SloMonitoringService;
  /** Lineage's reads, shown in the usage. */
  datasetReads?: DatasetReadsService;
  /** The consumption model: declared consumers are told too. */
  consumers?: ConsumersService;
  /** Asks for the retirement task to run soon (after a confirmation). */
  requestProcessing?: () => Promise<void>;
  retryPolicy?: RetryPolicy;
  now?: () => Date;
}

export class RetirementManager implements RetirementStatusService {
  private readonly now: () => Date;
  private readonly queries: RetirementQueries;
  private readonly notifier: RetirementNotifier;
  private readonly runner: RetirementRunner;

  constructor(private readonly options: RetirementManagerOptions) {
    this.now = options.now ?? (() => new Date());
    const { store, catalog, auth, logger } = options;
    this.queries = new RetirementQueries({ store, catalog, auth });
    this.notifier = new RetirementNotifier({
      store,
      catalog,
      auth,
      logger,
      notifications: options.notifications,
      usage: (productRef, datasets) => this.getUsage(productRef, datasets),
      now: this.now,
    });
    this.runner = new RetirementRunner({
      store,
      logger,
      auditor: options.auditor,
      notifier: this.notifier,
      retryPolicy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
      now: this.now,
      steps: {
        store,
        catalog,
        auth,
        provisioning: options.provisioning,
        provisioners: options.provisioners,
        hooks: options.hooks,
        environments: options.environments,
        accessGrants: options.accessGrants,
        sloMonitoring: options.sloMonitoring,
        queries: this.queries,
        now: this.now,
      },
    });
  }

  get config(): RetirementConfig {
    return this.options.config;
  }

  // ---- the status other features and the catalog read (./queries.ts) ------------

  getProductRetirementState(
    productRef: string,
  ): Promise<RetirementState | undefined> {
    return this.queries.getProductRetirementState(productRef);
  }

  getDatasetRetirementState(
    datasetRef: string,
  ): Promise<RetirementState | undefined> {
    return this.queries.getDatasetRetirementState(datasetRef);
  }

  /** Retirements the catalog shows: under way or retired. */
  listStates() {
    return this.queries.listStates();
  }

  /** Products whose resources provisioning must no longer hold. */
  listExcludedProducts(): Promise<string[]> {
    return this.queries.listExcludedProducts();
  }

  /** The banner's view of a DataProduct or Dataset. */
  getStatus(
    entityRef: string,
    productRef: string | undefined,
  ): Promise<RetirementStatusResponse> {
    return this.queries.getStatus(entityRef, productRef);
  }

  /** The datasets the catalog lists for the product. */
  findDatasets(productRef: string): Promise<DatasetEntity[]> {
    return this.queries.findDatasets(productRef);
  }

  // ---- reading ------------------------------------------------------------------

  getLatest(productRef: string): Promise<StoredRetirement | undefined> {
    return this.options.store.getLatestForProduct(productRef);
  }

  getRetirement(id: string): Promise<StoredRetirement | undefined> {
    return this.options.store.getRetirement(id);
  }

  listSteps(retirementId: string): Promise<RetirementStep[]> {
    return this.options.store.listSteps(retirementId);
  }

  policy() {
    const { noticePeriodMs, maxNoticePeriodMs } = this.options.config;
    return {
      noticePeriod: formatDuration(noticePeriodMs),
      noticePeriodMs,
      earliestSunset: earliestSunset(this.now(), noticePeriodMs).toISOString(),
      latestSunset: latestSunset(this.now(), maxNoticePeriodMs).toISOString(),
    };
  }

  /** Who still uses the product, and when it was last active. */
  getUsage(productRef: string, datasets: string[]): Promise<RetirementUsage> {
    return readUsage(this.options, productRef, datasets);
  }

  // ---- commands -----------------------------------------------------------------

  /**
   * Starts the retirement of a product the caller may manage (the router
   * checked). The sunset must respect the notice period (also checked by the
   * router, which names the field).
   */
  async start(request: {
    product: DataProductEntity;
    reason: string;
    sunset: Date;
    actor: string;
  }): Promise<StoredRetirement> {
    const { product, reason, sunset, actor } = request;
    const now = this.now();
    const problem = checkSunset({
      sunset,
      now,
      noticePeriodMs: this.options.config.noticePeriodMs,
      maxNoticePeriodMs: this.options.config.maxNoticePeriodMs,
    });
    if (problem) {
      throw new ConflictError(`The sunset ${problem}`);
    }
    const productRef = lower(formatEntityRef(product));
    const datasets = await this.findDatasets(productRef);
    const retirement = await this.options.store.createRetirement({
      id: randomUUID(),
      dataProduct: productRef,
      datasets: datasets.map(dataset => lower(formatEntityRef(dataset))),
      reason,
      sunset,
      requestedBy: actor,
      previousLifecycle: product.spec.lifecycle,
      snapshot: { product, datasets },
      createdAt: now,
    });
    await this.notifier.notifyStart(retirement);
    await this.notifier.refreshCatalog(retirement);
    return (await this.options.store.getRetirement(retirement.id))!;
  }

  /** Runs the steps now (no consumer left), or retries a failed retirement. */
  async confirm(id: string, actor: string): Promise<StoredRetirement> {
    const retirement = await mustGet(this.options.store, id);
    const steps = await this.options.store.listSteps(id);
    const consumers =
      retirement.status === 'retiring'
        ? (await this.getUsage(retirement.dataProduct, retirement.datasets))
            .consumers
        : [];
    const decision = decideConfirm(
      { status: retirement.status, sunset: new Date(retirement.sunset) },
      {
        // Declared consumers without a grant are told, but hold nothing back.
        activeConsumers: consumers
          .filter(c => c.grants.length > 0)
          .map(c => c.title ?? c.consumer.slice(c.consumer.indexOf('/') + 1)),
      },
    );
    if (!decision.ok) {
      throw new ConflictError(decision.error);
    }
    const now = this.now();
    if (decision.value.retry) {
      const reset = resetForRetry(steps.map(toMachineStep));
      for (const step of reset.filter(s => s.status === 'failed')) {
        await this.options.store.updateStep(id, step.name, {
          attempts: step.attempts,
          nextAttemptAt: null,
          updatedAt: now,
        });
      }
    }
    const applied = await this.options.store.updateRetirement(
      id,
      {
        status: 'running',
        confirmedBy: actor,
        confirmedAt: now,
        ...(retirement.stepsStartedAt ? {} : { stepsStartedAt: now }),
        updatedAt: now,
      },
      [retirement.status],
    );
    if (!applied) {
      throw new ConflictError(
        'The retirement changed meanwhile; reload and try again',
      );
    }
    await this.options.store.addEvent({
      retirementId: id,
      type: 'confirmed',
      actor,
      at: now,
      note: decision.value.retry ? 'retry of the failed step' : undefined,
    });
    const confirmed = (await this.options.store.getRetirement(id))!;
    await this.requestProcessing();
    return confirmed;
  }

  /** Withdraws a retirement before its steps start, restoring what it changed. */
  async cancel(
    id: string,
    actor: string,
    note?: string,
  ): Promise<StoredRetirement> {
    const retirement = await mustGet(this.options.store, id);
    const steps = await this.options.store.listSteps(id);
    const now = this.now();
    const decision = decideCancel(
      { status: retirement.status, sunset: new Date(retirement.sunset) },
      steps.map(toMachineStep),
      now,
    );
    if (!decision.ok) {
      throw new ConflictError(decision.error);
    }
    const applied = await this.options.store.updateRetirement(
      id,
      {
        status: 'cancelled',
        cancelledBy: actor,
        cancelledAt: now,
        cancelNote: note,
        updatedAt: now,
      },
      ['retiring'],
    );
    if (!applied) {
      throw new ConflictError(
        'The retirement steps started meanwhile; it can no longer be cancelled',
      );
    }
    await this.options.store.addEvent({
      retirementId: id,
      type: 'cancelled',
      actor,
      at: now,
      note,
    });
    // Nothing was stopped before the steps, but resuming is idempotent and
    // makes sure the monitors are on whatever happened.
    await this.options.sloMonitoring
      .resumeMonitoring(retirement.datasets)
      .catch(error =>
        this.options.logger.warn(
          `Could not resume the monitoring of ${
            retirement.dataProduct
          }: ${stringifyError(error)}`,
        ),
      );
    const cancelled = (await this.options.store.getRetirement(id))!;
    await this.notifier.notifyCancel(cancelled, actor);
    await this.notifier.refreshCatalog(cancelled);
    return cancelled;
  }

  // ---- the scheduled task (./runner.ts) -------------------------------------------

  /**
   * Sends notifications still owed, starts the steps of retirements whose
   * sunset has come and runs steps until each retirement waits or is done.
   * Only one process runs it at a time (a global scheduled task).
   */
  processDue(signal?: AbortSignal): Promise<void> {
    return this.runner.processDue(signal);
  }

  /** Moves one retirement on until it has to wait. */
  drive(id: string, signal?: AbortSignal): Promise<void> {
    return this.runner.drive(id, signal);
  }

  /** Asks for the retirement task to run soon; never throws. */
  async requestProcessing(): Promise<void> {
    try {
      await this.options.requestProcessing?.();
    } catch (error) {
      this.options.logger.debug(
        `The retirement task will pick the confirmation up on its next run: ${stringifyError(
          error,
        )}`,
      );
    }
  }
}

/** The public view of a stored retirement (without the snapshot). */
export function toRetirement(stored: StoredRetirement): Retirement {
  const {
    notifyAttempts: _attempts,
    snapshot: _snapshot,
    ...retirement
  } = stored;
  return retirement;
}
