/*
 * Breaking-change detection between two versions of a product's catalog-info.yaml, tied to the
 * consumers each breaking change reaches. Pure: the caller reads the files, the catalog and the
 * grants; this decides.
 *
 * A breaking change is allowed through only when the dataset's `spec.version` raises the major
 * and `spec.deprecates` declares the old version with a sunset at least the notice period ahead.
 */
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { isDataProductEntity, isDatasetEntity } from '../entities';
import { parseDuration } from '../duration';
import { getDatasetProductRef, getInputDatasetRefs } from '../refs';
import type {
  AccessLevel,
  DataOutput,
  DataProductEntity,
  DatasetEntity,
  DatasetSlos,
} from '../types';
import { diffColumns } from './diffColumns';
import type {
  ContractChange,
  ContractChangeSeverityEnum,
} from '../schema/openapi/generated/models';

/**
 * One change between two versions of a contract; a REST shape (the pending
 * versions and consumption answers carry it), so the generated model.
 */
export type { ContractChange, ContractChangeSeverityEnum };
export type ChangeSeverity = ContractChange['severity'];

/** Who reads a dataset: a product that declares it as input port, or holds a grant on it. */
export interface DatasetConsumer {
  /** Full ref of the consuming DataProduct. */
  ref: string;
  title?: string;
  via: 'input-port' | 'grant';
  /** For grants: until when (ISO date), if it ends. */
  validUntil?: string;
}

export interface DatasetDiff {
  dataset: string;
  title: string;
  changes: ContractChange[];
  /** Breaking changes that the version rule does not allow through. */
  blocking: boolean;
  /** Why breaking changes are allowed (version raised, old one deprecated), or why not. */
  verdict?: string;
  consumers: DatasetConsumer[];
}

export interface ContractDiff {
  datasets: DatasetDiff[];
  breakingCount: number;
  /** True when some dataset has blocking breaking changes: the command exits 1. */
  blocking: boolean;
}

export interface DiffOptions {
  /** Today, for the notice period. */
  now: Date;
  /** How long a deprecated version must stay served, e.g. `30d` (default). */
  noticePeriod?: string;
  /** Consumers of a dataset (full ref): from the catalog and, with a portal, its grants. */
  consumersOf?: (datasetRef: string) => DatasetConsumer[];
}

type ChangeDraft = Omit<ContractChange, 'dataset'>;

const ACCESS_ORDER: AccessLevel[] = ['unrestricted', 'restricted', 'private'];
const DEFAULT_WINDOW = '20d';
const DEFAULT_MAX_DROP = 5;
const DAY = 24 * 60 * 60 * 1000;

function outputKey(output: DataOutput): string {
  return output.type === 's3'
    ? `s3://${output.bucket}/${output.path}`
    : `glue:${output.database}${output.table ? `.${output.table}` : ''}`;
}

function diffOutputs(before: DataOutput[], after: DataOutput[]): ChangeDraft[] {
  const changes: ChangeDraft[] = [];
  const removed = before.filter(
    o => !after.some(a => outputKey(a) === outputKey(o)),
  );
  const added = after.filter(
    o => !before.some(b => outputKey(b) === outputKey(o)),
  );
  for (const output of removed) {
    const to = added.find(a => a.type === output.type);
    changes.push({
      kind: to ? 'output-moved' : 'output-removed',
      severity: 'breaking',
      path: 'spec.outputs',
      message: to
        ? `Output ${outputKey(output)} moved to ${outputKey(to)}.`
        : `Output ${outputKey(output)} was removed.`,
    });
  }
  for (const output of added) {
    if (!removed.some(r => r.type === output.type)) {
      changes.push({
        kind: 'output-added',
        severity: 'non-breaking',
        path: 'spec.outputs',
        message: `Output ${outputKey(output)} was added.`,
      });
    }
  }
  for (const output of after) {
    const old = before.find(b => outputKey(b) === outputKey(output));
    if (
      old?.type === 's3' &&
      output.type === 's3' &&
      (old.format ?? '') !== (output.format ?? '')
    ) {
      changes.push({
        kind: 'output-format-changed',
        severity: 'breaking',
        path: 'spec.outputs',
        message: `Output ${outputKey(output)} changed format from ${
          old.format ?? 'unspecified'
        } to ${output.format ?? 'unspecified'}.`,
      });
    }
  }
  return changes;
}

const SLO_LABELS = {
  availability: 'Availability',
  completeness: 'Completeness',
  freshness: 'Freshness',
} as const;

/** A numeric SLO field compared: `higherIsWeaker` says which direction breaks consumers. */
function compareSloField(
  slo: keyof DatasetSlos,
  field: string,
  before: number,
  after: number,
  higherIsWeaker: boolean,
  describe: (value: number) => string,
): ChangeDraft[] {
  if (before === after) {
    return [];
  }
  const weaker = higherIsWeaker ? after > before : after < before;
  const raised = after > before;
  const words =
    field === 'window' ? ['widened', 'narrowed'] : ['raised', 'lowered'];
  const word = raised ? words[0] : words[1];
  return [
    {
      kind: `slo-${field}-${word}`,
      severity: weaker ? 'breaking' : 'non-breaking',
      path: `spec.slos.${slo}.${field}`,
      message: `${SLO_LABELS[slo]} SLO ${field} ${word} from ${describe(
        before,
      )} to ${describe(after)}.`,
    },
  ];
}

function diffSlos(
  before: DatasetSlos = {},
  after: DatasetSlos = {},
): ChangeDraft[] {
  const changes: ChangeDraft[] = [];
  const percent = (value: number) => `${value} %`;
  const duration = (ms: number) => {
    const hours = ms / 3_600_000;
    return hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
  };
  for (const slo of Object.keys(SLO_LABELS) as Array<keyof DatasetSlos>) {
    const a = before[slo];
    const b = after[slo];
    if (a && !b) {
      changes.push({
        kind: 'slo-removed',
        severity: 'breaking',
        path: `spec.slos.${slo}`,
        message: `${SLO_LABELS[slo]} SLO was removed.`,
      });
      continue;
    }
    if (!a && b) {
      changes.push({
        kind: 'slo-added',
        severity: 'non-breaking',
        path: `spec.slos.${slo}`,
        message: `${SLO_LABELS[slo]} SLO was added.`,
      });
      continue;
    }
    if (!a || !b) {
      continue;
    }
    changes.push(
      ...compareSloField(slo, 'target', a.target, b.target, false, percent),
      ...compareSloField(
        slo,
        'window',
        parseDuration(a.window ?? DEFAULT_WINDOW) ?? 0,
        parseDuration(b.window ?? DEFAULT_WINDOW) ?? 0,
        true,
        duration,
      ),
    );
    if (slo === 'freshness' && 'maxAge' in a && 'maxAge' in b) {
      changes.push(
        ...compareSloField(
          slo,
          'maxAge',
          parseDuration(a.maxAge) ?? 0,
          parseDuration(b.maxAge) ?? 0,
          true,
          duration,
        ),
      );
    }
    if (slo === 'completeness') {
      const dropA =
        (a as { maxDropPercent?: number }).maxDropPercent ?? DEFAULT_MAX_DROP;
      const dropB =
        (b as { maxDropPercent?: number }).maxDropPercent ?? DEFAULT_MAX_DROP;
      changes.push(
        ...compareSloField(slo, 'maxDropPercent', dropA, dropB, true, percent),
      );
    }
  }
  return changes;
}

/** Every change between two versions of one dataset. */
export function diffDataset(
  before: DatasetEntity,
  after: DatasetEntity,
): ChangeDraft[] {
  const changes: ChangeDraft[] = [];
  const { spec: a } = before;
  const { spec: b } = after;
  const accessBefore = ACCESS_ORDER.indexOf(a.access);
  const accessAfter = ACCESS_ORDER.indexOf(b.access);
  if (accessBefore !== accessAfter) {
    const tightened = accessAfter > accessBefore;
    changes.push({
      kind: tightened ? 'access-tightened' : 'access-loosened',
      severity: tightened ? 'breaking' : 'non-breaking',
      path: 'spec.access',
      message: `Access ${tightened ? 'tightened' : 'loosened'} from ${
        a.access
      } to ${b.access}.`,
    });
  }
  if (getDatasetProductRef(before) !== getDatasetProductRef(after)) {
    changes.push({
      kind: 'product-changed',
      severity: 'breaking',
      path: 'spec.dataProduct',
      message: `The dataset moved from product ${a.dataProduct} to ${b.dataProduct}: its data now lives under other roles.`,
    });
  }
  if ((a.lifecycle ?? '') !== (b.lifecycle ?? '')) {
    const retired = b.lifecycle === 'retired';
    changes.push({
      kind: retired ? 'dataset-retired' : 'lifecycle-changed',
      severity: retired ? 'breaking' : 'non-breaking',
      path: 'spec.lifecycle',
      message: `Lifecycle changed from ${a.lifecycle ?? 'unset'} to ${
        b.lifecycle ?? 'unset'
      }.`,
    });
  }
  if ((a.version ?? '1.0.0') !== (b.version ?? '1.0.0')) {
    changes.push({
      kind: 'version-changed',
      severity: 'non-breaking',
      path: 'spec.version',
      message: `Version changed from ${a.version ?? '1.0.0'} to ${
        b.version ?? '1.0.0'
      }.`,
    });
  }
  if (a.owner !== b.owner) {
    changes.push({
      kind: 'owner-changed',
      severity: 'non-breaking',
      path: 'spec.owner',
      message: `Owner changed from ${a.owner} to ${b.owner}.`,
    });
  }
  if (
    (before.metadata.description ?? '') !== (after.metadata.description ?? '')
  ) {
    changes.push({
      kind: 'description-changed',
      severity: 'non-breaking',
      path: 'metadata.description',
      message: 'The description changed.',
    });
  }
  changes.push(
    ...diffOutputs(a.outputs ?? [], b.outputs ?? []),
    ...diffColumns(a.schema?.columns ?? [], b.schema?.columns ?? []),
    ...diffSlos(a.slos, b.slos),
  );
  return changes;
}

function major(version: string | undefined): number {
  return Number((version ?? '1.0.0').split('.')[0]);
}

/** Whether the version rule lets a dataset's breaking changes through, and why (not). */
export function versionVerdict(
  before: DatasetEntity,
  after: DatasetEntity,
  options: DiffOptions,
): { allowed: boolean; verdict: string } {
  const oldVersion = before.spec.version ?? '1.0.0';
  const newVersion = after.spec.version ?? '1.0.0';
  if (major(newVersion) <= major(oldVersion)) {
    return {
      allowed: false,
      verdict: `Raise the major version (now ${newVersion}) and declare spec.deprecates for ${oldVersion} to publish these changes.`,
    };
  }
  const deprecates = after.spec.deprecates;
  if (!deprecates || major(deprecates.version) !== major(oldVersion)) {
    return {
      allowed: false,
      verdict: `Version ${newVersion} raises the major, but spec.deprecates does not declare the old version ${oldVersion} with a sunset date.`,
    };
  }
  const notice = parseDuration(options.noticePeriod ?? '30d') ?? 30 * DAY;
  const sunset = Date.parse(`${deprecates.sunset}T00:00:00Z`);
  const earliest = new Date(options.now.getTime() + notice);
  const format = (date: Date) =>
    date.toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  if (
    Number.isNaN(sunset) ||
    sunset < Date.parse(earliest.toISOString().slice(0, 10))
  ) {
    return {
      allowed: false,
      verdict: `The sunset of ${deprecates.version} must be on ${format(
        earliest,
      )} or later (the notice period), not ${deprecates.sunset}.`,
    };
  }
  return {
    allowed: true,
    verdict: `Allowed: version ${newVersion} raises the major and ${
      deprecates.version
    } stays served until ${format(new Date(sunset))}.`,
  };
}

function title(entity: Entity) {
  return entity.metadata.title ?? entity.metadata.name;
}

/** Products (in the given entities) that declare the dataset as an input port. */
export function inputPortConsumers(
  datasetRef: string,
  entities: Entity[],
): DatasetConsumer[] {
  return entities
    .filter(isDataProductEntity)
    .filter(product => getInputDatasetRefs(product).includes(datasetRef))
    .map(product => ({
      ref: stringifyEntityRef(product),
      title: title(product),
      via: 'input-port' as const,
    }));
}

/**
 * Compares two versions of a set of entities (one product's catalog-info.yaml, or more) and
 * classifies every change of their Datasets, including the datasets a product no longer serves
 * in an environment it dropped.
 */
export function diffCatalogs(
  before: Entity[],
  after: Entity[],
  options: DiffOptions,
): ContractDiff {
  const datasetsBefore = before.filter(isDatasetEntity);
  const datasetsAfter = after.filter(isDatasetEntity);
  const refs = [
    ...new Set(
      [...datasetsBefore, ...datasetsAfter].map(d => stringifyEntityRef(d)),
    ),
  ];
  const products = (entities: Entity[]) =>
    new Map(
      entities
        .filter(isDataProductEntity)
        .map(p => [stringifyEntityRef(p), p] as [string, DataProductEntity]),
    );
  const productsBefore = products(before);
  const productsAfter = products(after);

  const datasets: DatasetDiff[] = refs.map(ref => {
    const old = datasetsBefore.find(d => stringifyEntityRef(d) === ref);
    const current = datasetsAfter.find(d => stringifyEntityRef(d) === ref);
    let drafts: ChangeDraft[];
    if (!current) {
      drafts = [
        {
          kind: 'dataset-removed',
          severity: 'breaking',
          path: '',
          message: `Dataset ${old!.metadata.name} was removed.`,
        },
      ];
    } else if (!old) {
      drafts = [
        {
          kind: 'dataset-added',
          severity: 'non-breaking',
          path: '',
          message: `Dataset ${current.metadata.name} was added.`,
        },
      ];
    } else {
      drafts = diffDataset(old, current);
      const envsBefore =
        productsBefore.get(getDatasetProductRef(old))?.spec.environments ?? [];
      const envsAfter = productsAfter.get(getDatasetProductRef(current))?.spec
        .environments;
      for (const environment of envsBefore) {
        if (envsAfter && !envsAfter.includes(environment)) {
          drafts.push({
            kind: 'environment-removed',
            severity: 'breaking',
            path: 'spec.environments',
            message: `Its product no longer serves it in environment ${environment}.`,
          });
        }
      }
    }
    const changes = drafts.map(draft => ({ dataset: ref, ...draft }));
    const breaking = changes.some(c => c.severity === 'breaking');
    const verdict =
      breaking && old && current
        ? versionVerdict(old, current, options)
        : undefined;
    return {
      dataset: ref,
      title: title((current ?? old)!),
      changes,
      blocking: breaking && !verdict?.allowed,
      verdict: verdict?.verdict,
      consumers: breaking ? options.consumersOf?.(ref) ?? [] : [],
    };
  });
  const changed = datasets.filter(d => d.changes.length > 0);
  return {
    datasets: changed,
    breakingCount: changed.reduce(
      (count, d) =>
        count + d.changes.filter(c => c.severity === 'breaking').length,
      0,
    ),
    blocking: changed.some(d => d.blocking),
  };
}
