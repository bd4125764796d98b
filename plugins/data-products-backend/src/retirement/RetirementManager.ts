/*
 * The imperative shell of retirement: it executes what ./machine.ts decides,
 * stores every step's status and result, and talks to the other features
 * only through the interfaces of ../features.ts (grants, SLO monitoring), the
 * provisioning trigger, the provisioners' `archive`, the retirement hooks and
 * the catalog.
 */
import { randomUUID } from 'crypto';
import type {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ANNOTATION_ORIGIN_LOCATION } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  AccessRequest,
  DataProductEntity,
  DatasetEntity,
  formatEntityRef,
  getDatasetProductRef,
  isDataProductEntity,
  isDatasetEntity,
  MeshportEnvironment,
  ProvisioningMode,
  ProvisioningRun,
  Retirement,
  RetirementActivity,
  RetirementCatalogOutcome,
  RetirementConsumer,
  RetirementStatusResponse,
  RetirementStep,
  RetirementStepName,
  RetirementUsage,
} from '@meshport/plugin-data-products-common';
import type {
  ArchiveOperation,
  DataProductsRetirementHook,
  PlatformProvisioner,
  ProvisioningProblem,
} from '@meshport/plugin-data-products-node';
import type {
  ConsumersService,
  DatasetReadsService,
  AccessGrantsService,
  RetirementState,
  RetirementStatusService,
  SloMonitoringService,
} from '../features';
import { describeError } from '../provisioning/Reconciler';
import type { RetirementConfig } from './config';
import { noAccessGrants, noSloMonitoring } from './fallbacks';
import {
  applyStepOutcome,
  checkSunset,
  countsAsAttempt,
  DEFAULT_RETRY_POLICY,
  decideCancel,
  decideConfirm,
  earliestSunset,
  formatDay,
  latestSunset,
  formatDuration,
  MachineStep,
  nextAction,
  resetForRetry,
  RetryPolicy,
  StepOutcome,
  toRetirementState,
} from './machine';
import type { RetirementStore, StoredRetirement } from './RetirementStore';

/** What retirement needs from provisioning. */
export interface RetirementProvisioning {
  mode: ProvisioningMode;
  /** Queues a reconcile of the products (the reconciler's trigger). */
  trigger(request: {
    reason: 'retirement';
    dataProducts: string[];
    requestedBy?: string;
  }): Promise<ProvisioningRun>;
  getRun(id: string): Promise<ProvisioningRun | undefined>;
  /** The newest run that covered the product, for "last activity". */
  latestRunOf(dataProduct: string): Promise<ProvisioningRun | undefined>;
}

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
  accessGrants?: AccessGrantsService;
  sloMonitoring?: SloMonitoringService;
  /** Asks for the retirement task to run soon (after a confirmation). */
  requestProcessing?: () => Promise<void>;
  retryPolicy?: RetryPolicy;
  now?: () => Date;
}

/** The actor of what the scheduler does. */
const SYSTEM = 'system';
/** Notifications are given up after this many failed sends. */
const MAX_NOTIFY_ATTEMPTS = 5;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

interface StepContext {
  retirement: StoredRetirement;
  step: RetirementStep;
  signal?: AbortSignal;
}

/** The product's page in the portal, for notification links. */
function entityPath(ref: string): string {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}`;
}

/** A date for people in notifications, e.g. `21 December 2026` (UTC). */
function day(iso: string): string {
  return formatDay(new Date(iso));
}

/** The retiring product's title, from the snapshot taken at the start. */
function titleOf(retirement: StoredRetirement): string {
  const snapshot = retirement.snapshot as
    | { product?: { metadata?: { name?: string; title?: string } } }
    | undefined;
  const metadata = snapshot?.product?.metadata;
  return (
    metadata?.title ??
    metadata?.name ??
    retirement.dataProduct.slice(retirement.dataProduct.indexOf('/') + 1)
  );
}

export class RetirementManager implements RetirementStatusService {
  private accessGrants: AccessGrantsService;
  private datasetReads?: DatasetReadsService;
  private consumers?: ConsumersService;
  private sloMonitoring: SloMonitoringService;
  private readonly now: () => Date;
  private readonly retryPolicy: RetryPolicy;

  constructor(private readonly options: RetirementManagerOptions) {
    this.accessGrants = options.accessGrants ?? noAccessGrants;
    this.sloMonitoring = options.sloMonitoring ?? noSloMonitoring;
    this.now = options.now ?? (() => new Date());
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  /** Wires the access-requests feature's grants in. */
  setAccessGrants(accessGrants: AccessGrantsService): void {
    this.accessGrants = accessGrants;
  }

  /** Wires the lineage feature's reads in (usage shows them). */
  setDatasetReads(reads: DatasetReadsService): void {
    this.datasetReads = reads;
  }

  /** Wires the consumption model in: declared consumers are told too. */
  setConsumers(consumers: ConsumersService): void {
    this.consumers = consumers;
  }

  /** Wires the SLO feature's monitoring in. */
  setSloMonitoring(sloMonitoring: SloMonitoringService): void {
    this.sloMonitoring = sloMonitoring;
  }

  get config(): RetirementConfig {
    return this.options.config;
  }

  // ---- the status other features and the catalog read ------------------------

  async getProductRetirementState(
    productRef: string,
  ): Promise<RetirementState | undefined> {
    const latest = await this.options.store.getLatestForProduct(productRef);
    return latest ? toRetirementState(latest.status) : undefined;
  }

  async getDatasetRetirementState(
    datasetRef: string,
  ): Promise<RetirementState | undefined> {
    const productRef = await this.findProductOfDataset(datasetRef);
    return productRef ? this.getProductRetirementState(productRef) : undefined;
  }

  /** Retirements the catalog shows: under way or retired. */
  async listStates(): Promise<
    Array<{
      dataProduct: string;
      datasets: string[];
      state: 'retiring' | 'retired';
      sunset: string;
    }>
  > {
    const rows = await this.options.store.listByStatus([
      'retiring',
      'running',
      'failed',
      'retired',
    ]);
    return rows.map(row => ({
      dataProduct: row.dataProduct,
      datasets: row.datasets,
      state: toRetirementState(row.status)!,
      sunset: row.sunset,
    }));
  }

  /** Products whose resources provisioning must no longer hold. */
  listExcludedProducts(): Promise<string[]> {
    return this.options.store.listReleasedProducts();
  }

  /** The banner's view of a DataProduct or Dataset. */
  async getStatus(
    entityRef: string,
    productRef: string | undefined,
  ): Promise<RetirementStatusResponse> {
    const product = productRef ?? (await this.findProductOfDataset(entityRef));
    if (!product) {
      return { entityRef };
    }
    const latest = await this.options.store.getLatestForProduct(product);
    const state = latest ? toRetirementState(latest.status) : undefined;
    if (!latest || !state) {
      return { entityRef, dataProduct: lower(product) };
    }
    return {
      entityRef,
      dataProduct: latest.dataProduct,
      state,
      retirementId: latest.id,
      status: latest.status,
      sunset: latest.sunset,
      reason: latest.reason,
    };
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
  async getUsage(
    productRef: string,
    datasets: string[],
  ): Promise<RetirementUsage> {
    const [active, inputs, latestRun, reads, model] = await Promise.all([
      datasets.length
        ? this.accessGrants.listActiveForDatasets(datasets)
        : Promise.resolve([]),
      this.accessGrants.listActiveForConsumer(productRef),
      this.options.provisioning.latestRunOf(productRef).catch(() => undefined),
      this.datasetReads?.summarizeReads(productRef).catch(() => undefined),
      datasets.length && this.consumers
        ? this.consumers.consumersOf(datasets).catch(error => {
            this.options.logger.warn(
              `Could not read the declared consumers of ${productRef}: ${describeError(
                error,
              )}`,
            );
            return [];
          })
        : Promise.resolve([]),
    ]);
    const byConsumer = new Map<string, RetirementConsumer>();
    for (const request of active) {
      const key = lower(request.consumer);
      let consumer = byConsumer.get(key);
      if (!consumer) {
        consumer = { consumer: key, grants: [] };
        byConsumer.set(key, consumer);
      }
      consumer.grants.push({
        requestId: request.id,
        dataset: lower(request.dataset),
        environments: request.environments,
        status: request.status === 'granted' ? 'granted' : 'approved',
        requester: request.requester,
        ...(request.validUntil ? { validUntil: request.validUntil } : {}),
        since: request.decidedAt ?? request.createdAt,
      });
    }
    // The model adds who declares an input port (or reads) without a grant.
    const datasetTitles = new Map<string, string>();
    for (const entry of model) {
      datasetTitles.set(entry.dataset, entry.datasetTitle);
      let consumer = byConsumer.get(entry.consumer);
      if (!consumer) {
        consumer = { consumer: entry.consumer, grants: [] };
        byConsumer.set(entry.consumer, consumer);
      }
      consumer.title = entry.consumerTitle;
      consumer.declared = consumer.declared || entry.declared;
      if (!entry.grantedEnvironments.length) {
        consumer.datasets = [
          ...new Set([...(consumer.datasets ?? []), entry.dataset]),
        ];
      }
    }
    const lastActivity: RetirementActivity[] = [];
    const newestRequest = [...active, ...inputs].sort((a, b) =>
      b.updatedAt.localeCompare(a.updatedAt),
    )[0];
    if (newestRequest) {
      lastActivity.push({
        source: 'access-request',
        at: newestRequest.updatedAt,
        description: `Access of ${newestRequest.consumer} to ${newestRequest.dataset}: ${newestRequest.status}`,
      });
    }
    if (latestRun) {
      lastActivity.push({
        source: 'provisioning-run',
        at: latestRun.finishedAt ?? latestRun.startedAt ?? latestRun.createdAt,
        description: `Provisioning run (${latestRun.trigger}, ${latestRun.mode} mode): ${latestRun.status}`,
      });
    }
    lastActivity.sort((a, b) => b.at.localeCompare(a.at));
    return {
      consumers: [...byConsumer.values()].sort((a, b) =>
        a.consumer.localeCompare(b.consumer),
      ),
      inputGrants: inputs.length,
      ...(datasetTitles.size
        ? {
            datasetTitles: [...datasetTitles].map(([ref, title]) => ({
              ref,
              title,
            })),
          }
        : {}),
      lastActivity,
      ...(reads ? { reads } : {}),
    };
  }

  /** The datasets the catalog lists for the product. */
  async findDatasets(productRef: string): Promise<DatasetEntity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Dataset' } },
      { credentials },
    );
    const product = lower(productRef);
    return items.filter(isDatasetEntity).filter(dataset => {
      try {
        return lower(getDatasetProductRef(dataset)) === product;
      } catch {
        return false;
      }
    });
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
    await this.notifyStart(retirement);
    await this.refreshCatalog(retirement);
    return (await this.options.store.getRetirement(retirement.id))!;
  }

  /** Runs the steps now (no consumer left), or retries a failed retirement. */
  async confirm(id: string, actor: string): Promise<StoredRetirement> {
    const retirement = await this.mustGet(id);
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
    const retirement = await this.mustGet(id);
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
    await this.sloMonitoring
      .resumeMonitoring(retirement.datasets)
      .catch(error =>
        this.options.logger.warn(
          `Could not resume the monitoring of ${
            retirement.dataProduct
          }: ${describeError(error)}`,
        ),
      );
    const cancelled = (await this.options.store.getRetirement(id))!;
    await this.notifyCancel(cancelled, actor);
    await this.refreshCatalog(cancelled);
    return cancelled;
  }

  // ---- the scheduled task -------------------------------------------------------

  /**
   * Sends notifications still owed, starts the steps of retirements whose
   * sunset has come and runs steps until each retirement waits or is done.
   * Only one process runs it at a time (a global scheduled task).
   */
  async processDue(signal?: AbortSignal): Promise<void> {
    const { store, logger } = this.options;
    for (const retirement of await store.listByStatus(['retiring'])) {
      if (
        !retirement.notifiedAt &&
        retirement.notifyAttempts < MAX_NOTIFY_ATTEMPTS
      ) {
        await this.notifyStart(retirement);
      }
    }
    for (const retirement of await store.listByStatus([
      'retiring',
      'running',
    ])) {
      if (signal?.aborted) return;
      try {
        await this.drive(retirement.id, signal);
      } catch (error) {
        // Store errors and the like: the next run of the task tries again.
        logger.error(
          `Retirement ${retirement.id} of ${
            retirement.dataProduct
          } could not proceed: ${describeError(error)}`,
        );
      }
    }
  }

  /** Moves one retirement on until it has to wait. */
  async drive(id: string, signal?: AbortSignal): Promise<void> {
    const { store } = this.options;
    for (;;) {
      if (signal?.aborted) return;
      const retirement = await this.mustGet(id);
      const steps = await store.listSteps(id);
      const now = this.now();
      const action = nextAction(
        { status: retirement.status, sunset: new Date(retirement.sunset) },
        steps.map(toMachineStep),
        now,
        this.retryPolicy,
      );
      switch (action.type) {
        case 'none':
        case 'wait-retry':
          return;
        case 'begin': {
          const begun = await store.updateRetirement(
            id,
            { status: 'running', stepsStartedAt: now, updatedAt: now },
            ['retiring'],
          );
          if (begun) {
            await store.addEvent({
              retirementId: id,
              type: 'steps-started',
              actor: SYSTEM,
              at: now,
              note: 'the sunset has come',
            });
          }
          continue;
        }
        case 'run-step': {
          const step = steps.find(s => s.name === action.step)!;
          const outcome = await this.runStep(retirement, step, signal);
          if (outcome.status !== 'succeeded') {
            // waiting: check on the next run; failed: retry after a backoff.
            const after = await store.listSteps(id);
            const updated = after.find(s => s.name === action.step)!;
            if (
              outcome.status === 'failed' &&
              updated.attempts >= this.retryPolicy.maxAttempts
            ) {
              continue; // gives up right away
            }
            return;
          }
          continue;
        }
        case 'give-up': {
          const failed = await store.updateRetirement(
            id,
            { status: 'failed', updatedAt: now },
            ['running'],
          );
          if (failed) {
            await store.addEvent({
              retirementId: id,
              type: 'failed',
              actor: SYSTEM,
              at: now,
              step: action.step,
              note: `step ${action.step} failed ${this.retryPolicy.maxAttempts} times`,
            });
            await this.notifyOwners(retirement, {
              title: `Retirement of ${titleOf(retirement)} is stuck`,
              description: `The step "${action.step}" failed ${this.retryPolicy.maxAttempts} times. Open the Retirement tab to see the error and retry.`,
              severity: 'high',
            });
          }
          return;
        }
        case 'finish': {
          const finished = await store.updateRetirement(
            id,
            { status: 'retired', finishedAt: now, updatedAt: now },
            ['running'],
          );
          if (finished) {
            await store.addEvent({
              retirementId: id,
              type: 'retired',
              actor: SYSTEM,
              at: now,
            });
            const retired = (await store.getRetirement(id))!;
            await this.refreshCatalog(retired);
            await this.notifyOwners(retired, {
              title: `${titleOf(retirement)} is retired`,
              description: `Every retirement step is done. ${
                retired.catalog?.note ?? ''
              }`.trim(),
              severity: 'normal',
            });
          }
          return;
        }
        default:
          return;
      }
    }
  }

  private async runStep(
    retirement: StoredRetirement,
    step: RetirementStep,
    signal?: AbortSignal,
  ): Promise<StepOutcome> {
    const { store, auditor } = this.options;
    const machineStep = toMachineStep(step);
    const startedAt = this.now();
    const attempts = step.attempts + (countsAsAttempt(machineStep) ? 1 : 0);
    if (step.status !== 'waiting') {
      await store.updateStep(retirement.id, step.name, {
        status: 'running',
        attempts,
        startedAt: step.startedAt ? undefined : startedAt,
        error: null,
        updatedAt: startedAt,
      });
    }
    const auditEvent = await auditor?.createEvent({
      eventId: 'retirement-step',
      severityLevel: 'high',
      meta: {
        retirementId: retirement.id,
        dataProduct: retirement.dataProduct,
        step: step.name,
        attempt: attempts,
      },
    });
    let outcome: StepOutcome;
    try {
      outcome = await this.executeStep(step.name, {
        retirement,
        step: { ...step, attempts },
        signal,
      });
    } catch (error) {
      outcome = { status: 'failed', error: describeError(error) };
    }
    const now = this.now();
    const next = applyStepOutcome(
      { ...machineStep, attempts },
      outcome,
      now,
      this.retryPolicy,
    );
    await store.updateStep(retirement.id, step.name, {
      status: next.status,
      attempts,
      summary: outcome.status === 'failed' ? undefined : outcome.summary,
      ...(outcome.result !== undefined ? { result: outcome.result } : {}),
      error: outcome.status === 'failed' ? outcome.error : null,
      finishedAt: outcome.status === 'waiting' ? null : now,
      nextAttemptAt: next.nextAttemptAt ?? null,
      updatedAt: now,
    });
    if (outcome.status === 'failed') {
      await store.addEvent({
        retirementId: retirement.id,
        type: 'step-failed',
        actor: SYSTEM,
        at: now,
        step: step.name,
        note: outcome.error,
      });
      await auditEvent?.fail({ error: new Error(outcome.error) });
      this.options.logger.warn(
        `Retirement step ${step.name} of ${retirement.dataProduct} failed (attempt ${attempts}): ${outcome.error}`,
      );
    } else if (outcome.status === 'succeeded') {
      await store.addEvent({
        retirementId: retirement.id,
        type: 'step-succeeded',
        actor: SYSTEM,
        at: now,
        step: step.name,
        note: outcome.summary,
      });
      await auditEvent?.success({ meta: { summary: outcome.summary } });
    } else {
      await auditEvent?.success({ meta: { summary: outcome.summary } });
    }
    return outcome;
  }

  private executeStep(
    name: RetirementStepName,
    context: StepContext,
  ): Promise<StepOutcome> {
    switch (name) {
      case 'stop-pipeline':
        return this.stopPipeline(context);
      case 'revoke-grants':
        return this.revokeGrants(context);
      case 'archive-data':
        return this.archiveData(context);
      case 'stop-monitoring':
        return this.stopMonitoring(context);
      case 'release-resources':
        return this.releaseResources(context);
      case 'remove-from-catalog':
        return this.removeFromCatalog(context);
      default:
        return Promise.resolve({
          status: 'failed',
          error: `Unknown step ${name}`,
        });
    }
  }

  // ---- the steps (each idempotent) ---------------------------------------------

  private async stopPipeline({
    retirement,
    signal,
  }: StepContext): Promise<StepOutcome> {
    const hooks = this.options.hooks.filter(hook => hook.stopPipeline);
    if (hooks.length === 0) {
      return {
        status: 'succeeded',
        summary:
          'No pipeline hook is installed, so no pipeline was stopped: stop it in your orchestrator (a backend module can do it through dataProductsRetirementHooksExtensionPoint)',
        result: { hooks: [] },
      };
    }
    const results: Array<{ hook: string; note?: string; error?: string }> = [];
    const entity = (retirement.snapshot as { product?: DataProductEntity })
      ?.product;
    for (const hook of hooks) {
      try {
        const outcome = await hook.stopPipeline!({
          retirementId: retirement.id,
          dataProduct: retirement.dataProduct,
          entity,
          datasets: retirement.datasets,
          reason: retirement.reason,
          signal,
        });
        results.push({
          hook: hook.id,
          ...(outcome?.note ? { note: outcome.note } : {}),
        });
      } catch (error) {
        results.push({ hook: hook.id, error: describeError(error) });
      }
    }
    const failed = results.filter(r => r.error);
    if (failed.length) {
      return {
        status: 'failed',
        error: failed.map(r => `${r.hook}: ${r.error}`).join('; '),
        result: { hooks: results },
      };
    }
    return {
      status: 'succeeded',
      summary: `Pipeline stopped by ${results
        .map(r => (r.note ? `${r.hook} (${r.note})` : r.hook))
        .join(', ')}`,
      result: { hooks: results },
    };
  }

  private async revokeGrants({
    retirement,
  }: StepContext): Promise<StepOutcome> {
    if (this.accessGrants === noAccessGrants) {
      return {
        status: 'succeeded',
        summary:
          'Access requests are not installed: there is no grant to revoke',
        result: { revoked: 0 },
      };
    }
    const note = `${retirement.dataProduct} is retired: ${retirement.reason}`;
    // Who reads its datasets, then what it reads itself (its roles go away).
    const changed = [
      ...(await this.accessGrants.revokeAllForDatasets(retirement.datasets, {
        actor: SYSTEM,
        note,
      })),
      ...(await this.accessGrants.revokeAllForConsumer(retirement.dataProduct, {
        actor: SYSTEM,
        note,
      })),
    ];
    const revoked = changed.filter(r => r.status === 'revoked');
    const closed = changed.filter(r => r.status !== 'revoked');
    return {
      status: 'succeeded',
      summary: `Revoked ${revoked.length} grant${
        revoked.length === 1 ? '' : 's'
      }${
        closed.length ? ` and closed ${closed.length} pending request(s)` : ''
      }`,
      result: {
        revoked: revoked.length,
        closed: closed.length,
        requests: changed.map((r: AccessRequest) => ({
          id: r.id,
          consumer: r.consumer,
          dataset: r.dataset,
          status: r.status,
        })),
      },
    };
  }

  private async archiveData({
    retirement,
    signal,
  }: StepContext): Promise<StepOutcome> {
    const { provisioners, provisioning, environments } = this.options;
    const { product, datasets } = await this.currentEntities(retirement);
    if (!product) {
      return {
        status: 'failed',
        error: `Neither the catalog nor the retirement's snapshot holds ${retirement.dataProduct}`,
      };
    }
    const perProvisioner: Array<{
      provisioner: string;
      archived: boolean;
      operations?: ArchiveOperation[];
      problems?: ProvisioningProblem[];
      note?: string;
    }> = [];
    const failures: string[] = [];
    for (const provisioner of provisioners) {
      if (!provisioner.archive) {
        perProvisioner.push({
          provisioner: provisioner.id,
          archived: false,
          note: `${provisioner.id} cannot archive; its data is left where it is (releasing resources never deletes data)`,
        });
        continue;
      }
      try {
        const result = await provisioner.archive({
          retirementId: retirement.id,
          dataProduct: retirement.dataProduct,
          input: {
            products: [product],
            datasets,
            grants: [],
            environments,
          },
          mode: provisioning.mode,
          signal,
        });
        perProvisioner.push({
          provisioner: provisioner.id,
          archived: true,
          operations: result.operations,
          problems: result.problems,
        });
        for (const op of result.operations.filter(o => o.status === 'failed')) {
          failures.push(`${provisioner.id}: ${op.description}: ${op.error}`);
        }
        for (const problem of result.problems.filter(
          p => p.severity === 'error',
        )) {
          failures.push(`${provisioner.id}: ${problem.message}`);
        }
      } catch (error) {
        failures.push(`${provisioner.id}: ${describeError(error)}`);
        perProvisioner.push({
          provisioner: provisioner.id,
          archived: false,
          note: describeError(error),
        });
      }
    }
    const result = { mode: provisioning.mode, provisioners: perProvisioner };
    if (failures.length) {
      return { status: 'failed', error: failures.join('; '), result };
    }
    const operations = perProvisioner.flatMap(p => p.operations ?? []);
    const planned = operations.filter(o => o.status === 'planned').length;
    const done = operations.filter(o => o.status === 'succeeded').length;
    let summary: string;
    if (provisioners.length === 0) {
      summary =
        'No provisioner is installed: there is no platform data to archive';
    } else if (provisioning.mode === 'plan') {
      summary = `Planned ${planned} archive operation${
        planned === 1 ? '' : 's'
      } (plan mode: nothing was copied)`;
    } else {
      summary = `Archived ${done} location${
        done === 1 ? '' : 's'
      } to archive storage; the originals are kept`;
    }
    return { status: 'succeeded', summary, result };
  }

  private async stopMonitoring({
    retirement,
  }: StepContext): Promise<StepOutcome> {
    if (this.sloMonitoring === noSloMonitoring) {
      return {
        status: 'succeeded',
        summary:
          'SLO monitoring is not installed: there is no monitor to delete',
        result: { datasets: retirement.datasets },
      };
    }
    await this.sloMonitoring.stopMonitoring(retirement.datasets);
    return {
      status: 'succeeded',
      summary: `Stopped the SLO monitors of ${
        retirement.datasets.length
      } dataset${
        retirement.datasets.length === 1 ? '' : 's'
      } (their measurements are kept)`,
      result: { datasets: retirement.datasets },
    };
  }

  private async releaseResources({
    retirement,
    step,
  }: StepContext): Promise<StepOutcome> {
    const { provisioning, provisioners } = this.options;
    if (provisioners.length === 0) {
      return {
        status: 'succeeded',
        summary:
          'No provisioner is installed: there are no resources to release',
      };
    }
    let runId =
      typeof step.result?.runId === 'string' ? step.result.runId : undefined;
    if (!runId) {
      // The product is excluded from the provisioning input from now on (this
      // step is no longer pending), so the run deletes what it manages.
      const triggered = await provisioning.trigger({
        reason: 'retirement',
        dataProducts: [retirement.dataProduct],
        requestedBy: retirement.confirmedBy ?? retirement.requestedBy,
      });
      runId = triggered.id;
    }
    const run = await provisioning.getRun(runId);
    if (run && (run.status === 'queued' || run.status === 'running')) {
      return {
        status: 'waiting',
        summary: `Waiting for provisioning run ${runId} (${run.status})`,
        result: { runId },
      };
    }
    if (run && (run.status === 'succeeded' || run.status === 'partial')) {
      const deletes = run.summary?.byAction?.delete ?? 0;
      const failed = run.summary?.byStatus?.failed ?? 0;
      const verb = run.mode === 'plan' ? 'Planned' : 'Released';
      return {
        status: 'succeeded',
        summary: `${verb} ${deletes} resource${
          deletes === 1 ? '' : 's'
        } in provisioning run ${runId}${
          run.mode === 'plan' ? ' (plan mode: nothing was changed)' : ''
        }${
          failed
            ? `; ${failed} operation(s) failed (e.g. Glue databases that still hold tables are kept): see the run`
            : ''
        }`,
        result: {
          runId,
          runStatus: run.status,
          mode: run.mode,
          deletes,
          failed,
        },
      };
    }
    if (!run || run.status === 'failed') {
      // A new attempt starts a new run.
      const error = run
        ? `Provisioning run ${runId} failed: ${run.error ?? 'no details'}`
        : `Provisioning run ${runId} no longer exists`;
      return { status: 'failed', error, result: { previousRunId: runId } };
    }
    return {
      status: 'waiting',
      summary: `Waiting for provisioning run ${runId}`,
      result: { runId },
    };
  }

  private async removeFromCatalog({
    retirement,
  }: StepContext): Promise<StepOutcome> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const product = await catalog.getEntityByRef(retirement.dataProduct, {
      credentials,
    });
    if (!product) {
      const outcome: RetirementCatalogOutcome = retirement.catalog ?? {
        removal: 'removed',
        note: 'The data product is no longer in the catalog',
      };
      await this.saveCatalogOutcome(retirement, outcome);
      return {
        status: 'succeeded',
        summary: outcome.note,
        result: { ...outcome },
      };
    }
    const originRef =
      product.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
    let location: Awaited<ReturnType<CatalogService['getLocationByEntity']>>;
    try {
      location = await catalog.getLocationByEntity(retirement.dataProduct, {
        credentials,
      });
    } catch (error) {
      if ((error as Error)?.name !== NotFoundError.name) throw error;
      location = undefined;
    }
    let outcome: RetirementCatalogOutcome;
    if (!location) {
      outcome = {
        removal: 'retained',
        note: `It comes from a location Meshport cannot remove (${
          originRef ?? 'unknown'
        }, e.g. one set in app-config): it stays in the catalog marked retired; delete it from that location to take it out`,
        ...(originRef ? { location: originRef } : {}),
      };
    } else {
      const locationRef = `${location.type}:${location.target}`;
      const { items } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: locationRef,
          },
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      );
      const ours = new Set([retirement.dataProduct, ...retirement.datasets]);
      const others = items
        .map(entity => lower(formatEntityRef(entity)))
        .filter(ref => !ours.has(ref) && !ref.startsWith('location:'));
      if (others.length) {
        outcome = {
          removal: 'retained',
          note: `Its location ${locationRef} also holds ${
            others.length
          } other entit${others.length === 1 ? 'y' : 'ies'} (${others
            .slice(0, 3)
            .join(', ')}${
            others.length > 3 ? ', ...' : ''
          }), so it was not removed: the product stays in the catalog marked retired; delete it from that location to take it out`,
          location: locationRef,
        };
      } else {
        await catalog.removeLocationById(location.id, { credentials });
        // The location's entities become orphans; take them out now.
        for (const ref of ours) {
          const entity = await catalog.getEntityByRef(ref, { credentials });
          if (entity?.metadata.uid) {
            await catalog.removeEntityByUid(entity.metadata.uid, {
              credentials,
            });
          }
        }
        outcome = {
          removal: 'removed',
          note: `Its location ${locationRef} and its entities were removed from the catalog; Meshport keeps its history`,
          location: locationRef,
        };
      }
    }
    await this.saveCatalogOutcome(retirement, outcome);
    return {
      status: 'succeeded',
      summary: outcome.note,
      result: { ...outcome },
    };
  }

  // ---- helpers ------------------------------------------------------------------

  private async saveCatalogOutcome(
    retirement: StoredRetirement,
    catalog: RetirementCatalogOutcome,
  ) {
    await this.options.store.updateRetirement(retirement.id, {
      catalog,
      updatedAt: this.now(),
    });
  }

  /** The product and its datasets now, or as they were when the retirement started. */
  private async currentEntities(retirement: StoredRetirement): Promise<{
    product?: DataProductEntity;
    datasets: DatasetEntity[];
  }> {
    const snapshot = (retirement.snapshot ?? {}) as {
      product?: DataProductEntity;
      datasets?: DatasetEntity[];
    };
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const current = await this.options.catalog.getEntityByRef(
      retirement.dataProduct,
      { credentials },
    );
    const product =
      current && isDataProductEntity(current) ? current : snapshot.product;
    const found = await this.findDatasets(retirement.dataProduct);
    const known = new Set(found.map(d => lower(formatEntityRef(d))));
    const datasets = [
      ...found,
      ...(snapshot.datasets ?? []).filter(
        d => !known.has(lower(formatEntityRef(d))),
      ),
    ];
    return { product, datasets };
  }

  private async findProductOfDataset(
    datasetRef: string,
  ): Promise<string | undefined> {
    const ref = lower(datasetRef);
    const known = await this.options.store.listByStatus([
      'retiring',
      'running',
      'failed',
      'retired',
    ]);
    const holder = known.find(r => r.datasets.includes(ref));
    if (holder) return holder.dataProduct;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (entity && isDatasetEntity(entity)) {
      try {
        return lower(getDatasetProductRef(entity));
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  private async mustGet(id: string): Promise<StoredRetirement> {
    const retirement = await this.options.store.getRetirement(id);
    if (!retirement) {
      throw new NotFoundError(`No retirement ${id}`);
    }
    return retirement;
  }

  /** Asks for the retirement task to run soon; never throws. */
  async requestProcessing(): Promise<void> {
    try {
      await this.options.requestProcessing?.();
    } catch (error) {
      this.options.logger.debug(
        `The retirement task will pick the confirmation up on its next run: ${describeError(
          error,
        )}`,
      );
    }
  }

  /** Asks the catalog to process the entities again, so their lifecycle follows soon. */
  private async refreshCatalog(retirement: StoredRetirement): Promise<void> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    for (const ref of [retirement.dataProduct, ...retirement.datasets]) {
      try {
        await this.options.catalog.refreshEntity(ref, { credentials });
      } catch (error) {
        this.options.logger.debug(
          `Could not refresh ${ref} in the catalog: ${describeError(error)}`,
        );
      }
    }
  }

  /** Tells every consumer with active access the sunset date; recorded so it happens once. */
  private async notifyStart(retirement: StoredRetirement): Promise<void> {
    const { notifications, store, logger } = this.options;
    const now = this.now();
    let consumers: RetirementConsumer[] = [];
    try {
      const usage = await this.getUsage(
        retirement.dataProduct,
        retirement.datasets,
      );
      consumers = usage.consumers;
      const datasetTitles = new Map(
        (usage.datasetTitles ?? []).map(d => [d.ref, d.title]),
      );
      for (const consumer of consumers) {
        const datasets = [
          ...new Set([
            ...consumer.grants.map(g => g.dataset),
            ...(consumer.datasets ?? []),
          ]),
        ].map(ref => datasetTitles.get(ref) ?? ref.slice(ref.indexOf('/') + 1));
        const requesters = [...new Set(consumer.grants.map(g => g.requester))];
        await notifications?.send({
          recipients: {
            type: 'entity',
            entityRef: [consumer.consumer, ...requesters],
            excludeEntityRef: retirement.requestedBy,
          },
          payload: {
            title: `${titleOf(retirement)} retires on ${day(
              retirement.sunset,
            )}`,
            description: `${
              consumer.title ??
              consumer.consumer.slice(consumer.consumer.indexOf('/') + 1)
            } uses ${datasets.join(', ')}. ${
              consumer.grants.length ? 'Its access ends' : 'It stops'
            } on ${day(retirement.sunset)}: ${retirement.reason}`,
            link: `${entityPath(retirement.dataProduct)}/retirement`,
            severity: 'high',
            topic: 'data-product-retirement',
            scope: `retirement:${retirement.id}:${consumer.consumer}`,
          },
        });
      }
    } catch (error) {
      logger.warn(
        `Could not notify the consumers of ${
          retirement.dataProduct
        } (the retirement task tries again): ${describeError(error)}`,
      );
      await store.updateRetirement(retirement.id, {
        notifyAttempts: retirement.notifyAttempts + 1,
        updatedAt: now,
      });
      return;
    }
    await store.updateRetirement(retirement.id, {
      notifiedConsumers: consumers.map(c => c.consumer),
      notifiedAt: now,
      notifyAttempts: retirement.notifyAttempts + 1,
      updatedAt: now,
    });
    await store.addEvent({
      retirementId: retirement.id,
      type: 'notified',
      actor: SYSTEM,
      at: now,
      note: consumers.length
        ? `notified ${consumers.map(c => c.consumer).join(', ')}`
        : 'no consumer uses it',
    });
  }

  private async notifyCancel(
    retirement: StoredRetirement,
    actor: string,
  ): Promise<void> {
    const consumers = retirement.notifiedConsumers ?? [];
    if (!consumers.length || !this.options.notifications) return;
    try {
      await this.options.notifications.send({
        recipients: {
          type: 'entity',
          entityRef: consumers,
          excludeEntityRef: actor,
        },
        payload: {
          title: `The retirement of ${titleOf(retirement)} is cancelled`,
          description: `It will not retire on ${day(
            retirement.sunset,
          )}; your access stays as it is.`,
          link: entityPath(retirement.dataProduct),
          severity: 'normal',
          topic: 'data-product-retirement',
          scope: `retirement:${retirement.id}:cancelled`,
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify the consumers of ${
          retirement.dataProduct
        } of the cancellation: ${describeError(error)}`,
      );
    }
  }

  private async notifyOwners(
    retirement: StoredRetirement,
    payload: {
      title: string;
      description: string;
      severity: 'normal' | 'high';
    },
  ): Promise<void> {
    if (!this.options.notifications) return;
    try {
      await this.options.notifications.send({
        // The notifications backend resolves a product to its owners.
        recipients: { type: 'entity', entityRef: retirement.dataProduct },
        payload: {
          ...payload,
          link: `${entityPath(retirement.dataProduct)}/retirement`,
          topic: 'data-product-retirement',
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify the owners of ${
          retirement.dataProduct
        }: ${describeError(error)}`,
      );
    }
  }
}

function toMachineStep(step: RetirementStep): MachineStep {
  return {
    name: step.name,
    status: step.status,
    attempts: step.attempts,
    ...(step.nextAttemptAt
      ? { nextAttemptAt: new Date(step.nextAttemptAt) }
      : {}),
  };
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
