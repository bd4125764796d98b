/*
 * The SLO feature's engine: computes reports from stored measurements,
 * stores pushed and collected measurements, evaluates breaches (notifying
 * owners once per transition), applies retention, seeds sample data and
 * stops/resumes monitoring for retirement. The maths is in sli.ts and
 * compute.ts, the breach rule in breaches.ts, sample seeding in
 * sampleSeeding.ts; this class fetches, calls and stores.
 */
import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  DatasetEntity,
  DatasetSloReport,
  DatasetSloSummary,
  getDatasetProductRef,
  isDatasetEntity,
  RELATION_OUTPUT_OF,
  SloSummaryResponse,
} from '@meshport/plugin-data-products-common';
import type {
  Measurement,
  SliCollector,
} from '@meshport/plugin-data-products-node';
import type { SloMonitoringService } from '../features';
import { decideBreachTransition } from './breaches';
import type { SloConfig } from './config';
import {
  DAY_MS,
  ResolvedSlo,
  resolveSlos,
  SLO_ENTITY_FIELDS,
} from './declarations';
import {
  SloStore,
  NewMeasurement,
  normalizeDatasetRef,
  SAMPLE_SOURCE,
  StoredBreach,
  StoredMeasurement,
} from './SloStore';
import { computeSlos, loadSloMeasurements } from './compute';
import { breachNotification } from './notices';
import { applySloRetention } from './retention';
import { RECENT_BREACHES, toSloReport, worstStatus } from './reports';
import { seedSampleData } from './sampleSeeding';
import { readSloStatuses } from './readStatuses';

export { worstStatus } from './reports';

export { computeSlos } from './compute';
export { datasetSlosLink, SLO_NOTIFICATION_TOPIC } from './notices';
export { SLO_ENTITY_FIELDS } from './declarations';
export type { ComputedSlo } from './compute';

function datasetRefOf(entity: Entity): string {
  return normalizeDatasetRef(stringifyEntityRef(entity));
}

export interface SloServiceOptions {
  store: SloStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  config: SloConfig;
  notifications?: NotificationService;
  collectors?: SliCollector[];
  /** For tests. */
  clock?: () => Date;
}

export interface EvaluationResult {
  evaluated: number;
  opened: number;
  closed: number;
}

export class SloService implements SloMonitoringService {
  private readonly store: SloStore;
  private readonly clock: () => Date;

  constructor(private readonly options: SloServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
  }

  // ---- reading -----------------------------------------------------------

  /** Measurements covering every window of these SLOs at `now`, plus the updates before. */
  private loadMeasurements(
    dataset: string,
    slos: ResolvedSlo[],
    now: number,
  ): Promise<StoredMeasurement[]> {
    return loadSloMeasurements(this.store, dataset, slos, now);
  }
  /** The SLOs tab of one dataset (the caller checked the caller may see it). */
  async getDatasetReport(entity: DatasetEntity): Promise<DatasetSloReport> {
    const now = this.clock().getTime();
    const dataset = datasetRefOf(entity);
    const slos = resolveSlos(entity);
    const [measurements, breaches, monitoring] = await Promise.all([
      slos.length ? this.loadMeasurements(dataset, slos, now) : [],
      this.store.listBreaches(dataset, { limit: RECENT_BREACHES * 3 }),
      this.store.isMonitored(dataset),
    ]);
    const computed = computeSlos(slos, measurements, now, true);
    return {
      dataset,
      dataProduct: getDatasetProductRef(entity),
      evaluatedAt: new Date(now).toISOString(),
      monitoring,
      sampleData: measurements.some(m => m.source === SAMPLE_SOURCE),
      slos: computed.map(c => toSloReport(c, breaches)),
    };
  }

  /** The compact status of every Dataset of a product, as `credentials` sees them. */
  async getProductSummary(
    productRef: string,
    credentials: BackstageCredentials,
  ): Promise<SloSummaryResponse> {
    const now = this.clock().getTime();
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          kind: 'Dataset',
          [`relations.${RELATION_OUTPUT_OF}`]: productRef,
        },
        fields: SLO_ENTITY_FIELDS,
      },
      { credentials },
    );
    const datasets = items
      .filter(isDatasetEntity)
      .sort((a, b) =>
        stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
      );
    const stopped = await this.store.listStoppedDatasets();
    const openBreaches = await this.store.listOpenBreaches(
      datasets.map(datasetRefOf),
    );
    const summaries: DatasetSloSummary[] = [];
    for (const entity of datasets) {
      const dataset = datasetRefOf(entity);
      const slos = resolveSlos(entity);
      const measurements = slos.length
        ? await this.loadMeasurements(dataset, slos, now)
        : [];
      const computed = computeSlos(slos, measurements, now, false);
      const status = worstStatus(computed.map(c => c.result.status));
      summaries.push({
        dataset,
        title: entity.metadata.title ?? entity.metadata.name,
        ...(status ? { status } : {}),
        openBreaches: openBreaches.filter(b => b.dataset === dataset).length,
        sampleData: measurements.some(m => m.source === SAMPLE_SOURCE),
        monitoring: !stopped.has(dataset),
        slos: computed.map(({ slo, result }) => ({
          kind: slo.kind,
          target: slo.target,
          sli: result.sli,
          status: result.status,
          errorBudgetRemaining: result.errorBudgetRemaining,
        })),
      });
    }
    return {
      dataProduct: productRef,
      evaluatedAt: new Date(now).toISOString(),
      sampleData: summaries.some(s => s.sampleData),
      datasets: summaries,
    };
  }

  /** Every visible Dataset's (with SLOs) and DataProduct's worst SLO status. */
  async getStatuses(credentials: BackstageCredentials) {
    const now = this.clock().getTime();
    const { store, catalog } = this.options;
    const items = await readSloStatuses({ store, catalog, credentials, now });
    return { evaluatedAt: new Date(now).toISOString(), items };
  }

  // ---- writing -----------------------------------------------------------

  async recordMeasurements(
    measurements: NewMeasurement[],
  ): Promise<{ accepted: number; duplicates: number }> {
    return this.store.insertMeasurements(measurements, this.clock());
  }

  /** Datasets with declared SLOs whose monitoring is on, from the catalog. */
  async listMonitoredDatasets(): Promise<DatasetEntity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Dataset' }, fields: SLO_ENTITY_FIELDS },
      { credentials },
    );
    const stopped = await this.store.listStoppedDatasets();
    return items
      .filter(isDatasetEntity)
      .filter(e => resolveSlos(e).length > 0)
      .filter(e => !stopped.has(datasetRefOf(e)));
  }

  // ---- monitoring (retirement) ---------------------------------------------

  async stopMonitoring(datasetRefs: string[]): Promise<void> {
    await this.store.setMonitoring(datasetRefs, false, this.clock());
  }

  async resumeMonitoring(datasetRefs: string[]): Promise<void> {
    await this.store.setMonitoring(datasetRefs, true, this.clock());
  }

  async isMonitored(datasetRef: string): Promise<boolean> {
    return this.store.isMonitored(datasetRef);
  }

  // ---- collection ------------------------------------------------------------

  /**
   * Asks every collector for the measurements of the monitored datasets
   * since it last succeeded, and stores them. A failing collector is logged
   * and retried from the same point next time; the others go on.
   */
  async collect(signal?: AbortSignal): Promise<{ stored: number }> {
    const collectors = this.options.collectors ?? [];
    if (collectors.length === 0) {
      return { stored: 0 };
    }
    const datasets = await this.listMonitoredDatasets();
    const known = new Set(datasets.map(datasetRefOf));
    let stored = 0;
    for (const collector of collectors) {
      if (signal?.aborted) {
        break;
      }
      const now = this.clock();
      const since = new Date(
        (await this.store.getCollectedUntil(collector.id)) ??
          now.getTime() - DAY_MS,
      );
      try {
        const measurements = await collector.collect(datasets, since);
        const accepted = this.acceptCollected(
          collector.id,
          measurements,
          known,
          now.getTime(),
        );
        const result = await this.store.insertMeasurements(accepted, now);
        stored += result.accepted;
        await this.store.setCollectorState(collector.id, {
          collectedUntil: now.getTime(),
          at: now,
        });
        this.options.logger.info(
          `SLI collector ${collector.id} stored ${result.accepted} measurement(s) (${result.duplicates} already known)`,
        );
      } catch (error) {
        this.options.logger.warn(
          `SLI collector ${
            collector.id
          } failed; it will retry from ${since.toISOString()}: ${stringifyError(
            error,
          )}`,
        );
        await this.store.setCollectorState(collector.id, {
          collectedUntil: since.getTime(),
          error: stringifyError(error),
          at: now,
        });
      }
    }
    return { stored };
  }

  /** Keeps the well-formed measurements of known datasets, not from the future. */
  private acceptCollected(
    collectorId: string,
    measurements: Measurement[],
    known: Set<string>,
    now: number,
  ): NewMeasurement[] {
    const accepted: NewMeasurement[] = [];
    let dropped = 0;
    for (const m of measurements) {
      const at = Date.parse(m.at);
      let dataset: string | undefined;
      try {
        dataset = normalizeDatasetRef(
          stringifyEntityRef(
            parseEntityRef(m.dataset, {
              defaultKind: 'Dataset',
              defaultNamespace: DEFAULT_NAMESPACE,
            }),
          ),
        );
      } catch {
        dataset = undefined;
      }
      const valid =
        dataset !== undefined &&
        known.has(dataset) &&
        Number.isFinite(at) &&
        at <= now + 5 * 60_000 &&
        (m.kind === 'availability'
          ? typeof m.available === 'boolean'
          : m.kind === 'update' &&
            (m.rowCount === undefined ||
              (Number.isInteger(m.rowCount) && m.rowCount >= 0)));
      if (!valid) {
        dropped++;
        continue;
      }
      accepted.push({
        dataset: dataset!,
        kind: m.kind,
        at: Math.min(at, now),
        ...(m.kind === 'availability' ? { available: m.available } : {}),
        ...(m.rowCount !== undefined ? { rowCount: m.rowCount } : {}),
        ...(m.environment ? { environment: m.environment } : {}),
        source: `collector:${collectorId}`,
      });
    }
    if (dropped) {
      this.options.logger.warn(
        `SLI collector ${collectorId} returned ${dropped} measurement(s) for unknown datasets or malformed; dropped`,
      );
    }
    return accepted;
  }

  // ---- evaluation --------------------------------------------------------------

  /**
   * Computes every monitored dataset's SLOs, opens a breach when one goes
   * below target and closes it on recovery, notifying the owners once for
   * each. Evaluating again without a change does nothing.
   */
  async evaluate(signal?: AbortSignal): Promise<EvaluationResult> {
    const datasets = await this.listMonitoredDatasets();
    const open = await this.store.listOpenBreaches();
    const result: EvaluationResult = { evaluated: 0, opened: 0, closed: 0 };
    for (const entity of datasets) {
      if (signal?.aborted) {
        break;
      }
      try {
        const changes = await this.evaluateDataset(entity, open);
        result.evaluated++;
        result.opened += changes.opened;
        result.closed += changes.closed;
      } catch (error) {
        this.options.logger.warn(
          `SLO evaluation of ${stringifyEntityRef(
            entity,
          )} failed: ${stringifyError(error)}`,
        );
      }
    }
    return result;
  }

  private async evaluateDataset(
    entity: DatasetEntity,
    allOpen: StoredBreach[],
  ): Promise<{ opened: number; closed: number }> {
    const now = this.clock();
    const dataset = datasetRefOf(entity);
    const slos = resolveSlos(entity);
    const measurements = await this.loadMeasurements(
      dataset,
      slos,
      now.getTime(),
    );
    const sample = measurements.some(m => m.source === SAMPLE_SOURCE);
    let opened = 0;
    let closed = 0;
    for (const { slo, result } of computeSlos(
      slos,
      measurements,
      now.getTime(),
      false,
    )) {
      const current = allOpen.find(
        b => b.dataset === dataset && b.kind === slo.kind,
      );
      const transition = decideBreachTransition(!!current, result.status);
      if (transition === 'open') {
        const breach = await this.store.openBreach({
          dataset,
          kind: slo.kind,
          target: slo.target,
          sli: result.sli!,
          at: now.getTime(),
          sample,
        });
        if (breach) {
          opened++;
          await this.notify(entity, slo, breach, 'open', result.sli);
        }
      } else if (transition === 'close' && current) {
        if (
          await this.store.closeBreach(current.id, {
            sli: result.sli!,
            at: now.getTime(),
          })
        ) {
          closed++;
          await this.notify(entity, slo, current, 'close', result.sli);
        }
      }
    }
    return { opened, closed };
  }

  /** Tells the dataset's owners; a failure is logged, never undoes the breach row. */
  private async notify(
    entity: DatasetEntity,
    slo: ResolvedSlo,
    breach: StoredBreach,
    which: 'open' | 'close',
    sli: number | null,
  ): Promise<void> {
    const { notifications, logger } = this.options;
    if (!notifications) {
      return;
    }
    const dataset = datasetRefOf(entity);
    try {
      await notifications.send(
        breachNotification({
          entity,
          dataset,
          slo,
          breach,
          which,
          sli,
          at: this.clock().getTime(),
        }),
      );
      await this.store.markNotified(breach.id, which, this.clock());
    } catch (error) {
      logger.warn(
        `Could not notify the owners of ${dataset} about the ${
          slo.kind
        } SLO: ${stringifyError(error)}`,
      );
    }
  }

  // ---- retention ------------------------------------------------------------

  /**
   * Rolls raw measurements older than the raw retention (and older than
   * every window of their dataset needs) into aggregates, and deletes
   * aggregates older than the aggregate retention.
   */
  applyRetention(): Promise<{ compacted: number; deleted: number }> {
    return applySloRetention({ ...this.options, now: this.clock().getTime() });
  }

  // ---- sample data -------------------------------------------------------------

  /**
   * Fills in deterministic sample measurements for the monitored datasets
   * that have no real ones, up to now, and replays the history through the
   * breach rule once (without notifications) so a sample breach shows with
   * its real opening time. Idempotent. See ./sampleSeeding.ts.
   */
  async generateSampleData(): Promise<{ datasets: number; stored: number }> {
    const now = this.clock().getTime();
    const datasets = await this.listMonitoredDatasets();
    return seedSampleData(this.store, datasets, now);
  }
}
