/*
 * Deterministic sample measurements, so the embedded default shows live SLO
 * tabs without any pipeline. Pure: the same dataset and time range always
 * give the same measurements (values derive from the dataset ref and the
 * absolute time, never from when the generator ran), so regenerating after
 * a restart only adds what is new and stores nothing twice.
 *
 * - availability: one check per hour (at :07), all available but for a rare
 *   failed hour;
 * - updates: hourly (at :15) when freshness allows at most 2 hours, else
 *   daily at 02:00 (exactly 24 h apart); row counts follow a slow monthly
 *   wave with ±1 % noise, never dropping 5 % below the recent average;
 * - the "incident" dataset (one per sample) has an incident every 10 days:
 *   the day's updates are missing, four hours are unavailable, and the first
 *   update after it has 30 % fewer rows. Its SLOs are visibly breached.
 */
import { DAY_MS, HOUR_MS, ResolvedSlo } from './declarations';
import type { NewMeasurement } from './SloStore';
import { SAMPLE_SOURCE } from './SloStore';

/** The sample dataset that gets incidents, when the catalog has it. */
export const SAMPLE_INCIDENT_DATASET = 'dataset:default/shipments';
/** How much history the generator fills in behind `now`. */
export const SAMPLE_HISTORY_MS = 28 * DAY_MS;
/** Incidents happen on epoch days with this remainder modulo 10. */
const INCIDENT_PERIOD_DAYS = 10;
const INCIDENT_DAY_REMAINDER = 3;

/** FNV-1a hash of a string, 32 bits. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) from a seed and an integer, deterministic. */
function noise(seed: number, n: number): number {
  let t = (seed ^ Math.imul(n | 0, 0x9e3779b1)) >>> 0;
  t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
  t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
  return ((t ^ (t >>> 16)) >>> 0) / 4294967296;
}

function isIncidentDay(epochDay: number): boolean {
  return epochDay % INCIDENT_PERIOD_DAYS === INCIDENT_DAY_REMAINDER;
}

export interface SampleOptions {
  /** Full Dataset ref (lowercase). */
  dataset: string;
  slos: ResolvedSlo[];
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
  /** Whether this dataset gets the incidents. */
  incidents: boolean;
}

/** Hourly or daily updates, from the freshness objective. */
function updateEveryMs(slos: ResolvedSlo[]): number {
  const freshness = slos.find(s => s.kind === 'freshness');
  return freshness?.maxAgeMs !== undefined && freshness.maxAgeMs <= 2 * HOUR_MS
    ? HOUR_MS
    : DAY_MS;
}

/** Row count after an update at `at`: a monthly wave around a per-dataset base. */
function rowCountAt(seed: number, at: number): number {
  const base = 20_000 + (seed % 400) * 2_500;
  const days = at / DAY_MS;
  const wave = 1 + 0.03 * Math.sin((2 * Math.PI * days) / 30);
  const jitter = 1 + (noise(seed, Math.floor(at / HOUR_MS)) - 0.5) * 0.02;
  return Math.round(base * wave * jitter);
}

export function generateSampleMeasurements(
  options: SampleOptions,
): NewMeasurement[] {
  const { dataset, slos, from, to, incidents } = options;
  const seed = hashString(dataset);
  const out: NewMeasurement[] = [];
  const kinds = new Set(slos.map(s => s.kind));

  if (kinds.has('availability')) {
    const firstHour = Math.ceil((from - 7 * 60_000) / HOUR_MS) * HOUR_MS;
    for (let hour = firstHour; hour + 7 * 60_000 <= to; hour += HOUR_MS) {
      const at = hour + 7 * 60_000;
      if (at < from) {
        continue;
      }
      const epochHour = hour / HOUR_MS;
      const epochDay = Math.floor(hour / DAY_MS);
      const hourOfDay = epochHour % 24;
      const incidentHour =
        incidents && isIncidentDay(epochDay) && hourOfDay >= 3 && hourOfDay < 7;
      // About one failed hour in two months on a healthy dataset.
      const blip = noise(seed ^ 0x5bd1e995, epochHour) < 0.0007;
      out.push({
        dataset,
        kind: 'availability',
        at,
        available: !incidentHour && !blip,
        source: SAMPLE_SOURCE,
      });
    }
  }

  if (kinds.has('completeness') || kinds.has('freshness')) {
    const every = updateEveryMs(slos);
    const offset = every === HOUR_MS ? 15 * 60_000 : 2 * HOUR_MS;
    const first = Math.ceil((from - offset) / every) * every;
    const skipped = (slot: number) => {
      const at = slot + offset;
      const hourOfDay = Math.floor(at / HOUR_MS) % 24;
      return (
        incidents &&
        isIncidentDay(Math.floor(at / DAY_MS)) &&
        (every === DAY_MS || hourOfDay < 20)
      );
    };
    for (let slot = first; slot + offset <= to; slot += every) {
      const at = slot + offset;
      if (at < from || skipped(slot)) {
        continue;
      }
      const rows = rowCountAt(seed, at);
      out.push({
        dataset,
        kind: 'update',
        at,
        // The first update after the missed ones is short of rows.
        rowCount: skipped(slot - every) ? Math.round(rows * 0.7) : rows,
        source: SAMPLE_SOURCE,
      });
    }
  }
  return out;
}
