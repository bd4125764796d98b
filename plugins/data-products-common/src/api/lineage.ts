/*
 * The lineage and usage REST API of the data-products backend, shared by the
 * backend routes and the frontend client. Routes (under /api/data-products):
 *
 *   POST /lineage                 one OpenLineage RunEvent or an array of them -> LineageIngestResponse
 *   POST /lineage/api/v1/lineage  the same, where Marquez clients send it
 *   GET  /lineage/graph?entityRef=<Dataset|DataProduct>&depth=<1..5> -> LineageGraphResponse
 *   GET  /lineage/usage?entityRef=<Dataset|DataProduct>&days=<1..400> -> LineageUsageResponse
 *   GET  /lineage/unmatched       datasets seen in events that match no Dataset -> LineageUnmatchedResponse
 *   GET  /lineage/relations       (service credentials) -> LineageRelationsResponse
 *
 * Errors use the Backstage error body: 400 InputError naming the field
 * (`body[3].run.runId: must be a UUID`), 401, 403, 404.
 */

/** OpenLineage run states (RunEvent.eventType). */
export const LINEAGE_EVENT_TYPES = [
  'START',
  'RUNNING',
  'COMPLETE',
  'ABORT',
  'FAIL',
  'OTHER',
] as const;
export type LineageEventType = (typeof LINEAGE_EVENT_TYPES)[number];

export interface LineageIngestResponse {
  /** Events in the request. */
  received: number;
  /** Events stored now; the others were stored before (same run id, type and time). */
  stored: number;
  /** Dataset identifiers of the new events that match no Meshport Dataset (kept, listed at /lineage/unmatched). */
  unmatchedDatasets: LineageDatasetId[];
}

export interface LineageDatasetId {
  namespace: string;
  name: string;
}

export interface LineageDatasetNode extends LineageDatasetId {
  /** Stable id of the identifier (a hash of namespace and name). */
  id: string;
  /** The Meshport Dataset ref it maps to, when it does. */
  datasetRef?: string;
  /** The Dataset's title when matched. */
  title?: string;
  /** Hops from the entity the graph was asked for (0: the entity's own datasets). */
  distance: number;
  /** Where it sits from the entity: its own, upstream (feeds it) or downstream (fed by it). */
  side: LineageSide;
  /** Fields of its latest schema facet. */
  fields: Array<{ name: string; type?: string }>;
}

export interface LineageJobNode {
  id: string;
  namespace: string;
  name: string;
  /** The producing DataProduct ref, when matched. */
  dataProduct?: string;
  dataProductTitle?: string;
  lastRun?: {
    runId: string;
    state: LineageEventType;
    /** ISO 8601 */
    at: string;
  };
  distance: number;
  side: LineageSide;
}

export type LineageSide = 'self' | 'upstream' | 'downstream';

export interface LineageEdge {
  jobId: string;
  datasetId: string;
  /** input: the job reads the dataset; output: the job writes it. */
  direction: 'input' | 'output';
  /** ISO 8601 */
  lastSeen: string;
}

export interface LineageColumnEdge {
  /** The output dataset and field. */
  datasetId: string;
  field: string;
  inputDatasetId: string;
  inputField: string;
  jobId: string;
  transformation?: string;
}

export interface UndeclaredConsumption {
  datasetRef: string;
  /** The DataProduct whose job read it without an input port or a grant. */
  consumer: string;
  consumerTitle?: string;
  /** The job, `namespace/name`. */
  job: string;
  /** ISO 8601 */
  firstSeen: string;
  lastSeen: string;
  /** When the dataset owner was told; undefined until then. */
  notifiedAt?: string;
}

export interface LineageGraphResponse {
  entityRef: string;
  depth: number;
  datasets: LineageDatasetNode[];
  jobs: LineageJobNode[];
  edges: LineageEdge[];
  columnEdges: LineageColumnEdge[];
  undeclared: UndeclaredConsumption[];
  /** True when the graph was cut at `depth` with more beyond it. */
  truncated: boolean;
}

export interface LineageUsageDay {
  /** YYYY-MM-DD (UTC) */
  day: string;
  consumer: string;
  consumerTitle?: string;
  reads: number;
}

export interface LineageUsageResponse {
  entityRef: string;
  days: number;
  /** Reads per consumer per day, lineage runs and collectors' query counts added up. */
  daily: LineageUsageDay[];
  /** ISO 8601 of the last read seen, if any. */
  lastRead?: string;
  /** Distinct consumers that read in the last 30 days. */
  readersLast30Days: string[];
}

export interface LineageUnmatchedResponse {
  items: Array<LineageDatasetId & { lastSeen: string }>;
}

/** Lineage between catalog entities, for the catalog processor's `lineageTo`/`lineageFrom` relations. */
export interface LineageRelationsResponse {
  /** `source` feeds `target`: a Dataset read by a DataProduct's job, or a DataProduct writing a Dataset. */
  items: Array<{ source: string; target: string }>;
}
