/*
 * Dataset SLOs <-> ODCS: availability and freshness as `slaProperties`, completeness as a
 * quality rule of the table (ODCS thresholds are absolute; Meshport's compare with recent
 * updates, so its parameters travel in the rule's custom properties).
 */
import type { DatasetSlos } from '../types';
import {
  compact,
  CUSTOM_PREFIX,
  readCustomProperties,
  toCustomProperties,
} from './common';
import {
  isJsonObject,
  JsonObject,
  JsonValue,
  UnmappedField,
} from './remainder';
import { durationToSla, slaToDuration } from './units';

/** Name of the quality rule that carries the completeness SLO. */
const COMPLETENESS_RULE = 'completeness-slo';

export function exportSlas(slos: DatasetSlos | undefined): JsonObject[] {
  const slas: JsonObject[] = [];
  if (slos?.availability) {
    slas.push({
      property: 'availability',
      value: slos.availability.target,
      unit: 'percent',
    });
  }
  if (slos?.freshness) {
    slas.push({ property: 'latency', ...durationToSla(slos.freshness.maxAge) });
  }
  return slas;
}

/** What the SLO evaluation applies when the spec leaves a setting out. */
const DEFAULT_MAX_DROP_PERCENT = 5;
const DEFAULT_WINDOW = '20d';
const UNIT_WORDS: Record<string, [string, string]> = {
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
};

/** `20d` -> `20 days`. */
function windowInWords(duration: string): string {
  const match = /^(\d+)(m|h|d)$/.exec(duration);
  if (!match) return duration;
  const count = Number(match[1]);
  const [one, many] = UNIT_WORDS[match[2]];
  return `${count} ${count === 1 ? one : many}`;
}

/** The completeness rule in words, its numbers filled in. */
export function describeCompletenessRule(
  completeness: NonNullable<DatasetSlos['completeness']>,
): string {
  const maxDrop = completeness.maxDropPercent ?? DEFAULT_MAX_DROP_PERCENT;
  const kept = Math.round((100 - maxDrop) * 1000) / 1000;
  return `Each update has at least ${kept} % of the average row count of the previous 7 updates (a drop of at most ${maxDrop} %), on at least ${
    completeness.target
  } % of the updates over ${windowInWords(
    completeness.window ?? DEFAULT_WINDOW,
  )}.`;
}

export function exportCompletenessRule(slos: DatasetSlos | undefined) {
  const completeness = slos?.completeness;
  if (!completeness) {
    return [];
  }
  return [
    {
      name: COMPLETENESS_RULE,
      description: describeCompletenessRule(completeness),
      type: 'library',
      metric: 'rowCount',
      dimension: 'completeness',
      mustBeGreaterThan: 0,
      customProperties: toCustomProperties({
        target: completeness.target,
        maxDropPercent: completeness.maxDropPercent,
        window: completeness.window,
      }),
    } as JsonObject,
  ];
}

function numberFrom(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' && value > 0 && value <= 100
    ? value
    : undefined;
}

function durationFrom(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && /^\d+(m|h|d)$/.test(value)
    ? value
    : undefined;
}

export function importSlos(
  doc: JsonObject,
  schemaObject: JsonObject | undefined,
  custom: Map<string, JsonValue>,
  unmapped: UnmappedField[],
): DatasetSlos | undefined {
  const slas = Array.isArray(doc.slaProperties)
    ? doc.slaProperties.filter(isJsonObject)
    : [];
  const slos: DatasetSlos = {};
  const availability = slas.find(sla => sla.property === 'availability');
  const availabilityTarget = numberFrom(availability?.value);
  if (availabilityTarget !== undefined) {
    slos.availability = compact({
      target: availabilityTarget,
      window: durationFrom(
        custom.get(`${CUSTOM_PREFIX}slos.availability.window`),
      ),
    });
  }
  const latency = slas.find(sla => sla.property === 'latency');
  const maxAge = latency ? slaToDuration(latency) : undefined;
  if (maxAge) {
    const target = numberFrom(
      custom.get(`${CUSTOM_PREFIX}slos.freshness.target`),
    );
    if (target === undefined) {
      unmapped.push({
        path: 'slaProperties[latency]',
        message:
          'an ODCS latency is a hard limit; read as a freshness SLO met on 100 % of days',
      });
    }
    slos.freshness = compact({
      target: target ?? 100,
      maxAge,
      window: durationFrom(custom.get(`${CUSTOM_PREFIX}slos.freshness.window`)),
    });
  }
  const rule = (
    Array.isArray(schemaObject?.quality) ? schemaObject!.quality : []
  )
    .filter(isJsonObject)
    .find(quality => quality.name === COMPLETENESS_RULE);
  if (rule) {
    const ruleCustom = readCustomProperties(rule.customProperties);
    const target = numberFrom(ruleCustom.get(`${CUSTOM_PREFIX}target`));
    if (target !== undefined) {
      slos.completeness = compact({
        target,
        maxDropPercent: numberFrom(
          ruleCustom.get(`${CUSTOM_PREFIX}maxDropPercent`),
        ),
        window: durationFrom(ruleCustom.get(`${CUSTOM_PREFIX}window`)),
      });
    }
  }
  return Object.keys(slos).length > 0 ? slos : undefined;
}
