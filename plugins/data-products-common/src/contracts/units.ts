/*
 * Meshport durations (`24h`) <-> ODCS SLA values and units (`value: 24, unit: h`).
 * ODCS units follow ISO words: d, day, days; h, hour ...; Meshport knows minutes, hours and days.
 */
import { isJsonObject, JsonObject, JsonValue } from './remainder';

const UNIT_WORDS: Record<string, 'm' | 'h' | 'd'> = {
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
};

/** `24h` -> `{ value: 24, unit: 'h' }`. */
export function durationToSla(duration: string): JsonObject {
  const match = /^(\d+)(m|h|d)$/.exec(duration);
  if (!match) {
    return { value: duration };
  }
  return { value: Number(match[1]), unit: match[2] };
}

/** An SLA's value and unit as a Meshport duration, or undefined when it has none. */
export function slaToDuration(sla: JsonValue): string | undefined {
  if (!isJsonObject(sla)) {
    return undefined;
  }
  const value = typeof sla.value === 'string' ? Number(sla.value) : sla.value;
  const unit =
    typeof sla.unit === 'string'
      ? UNIT_WORDS[sla.unit.toLowerCase()]
      : undefined;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value <= 0 ||
    !unit
  ) {
    return undefined;
  }
  return `${value}${unit}`;
}
