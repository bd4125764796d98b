/*
 * Pure: new RunEvents -> the rows of the lineage graph (jobs, datasets,
 * edges, column edges, the datasets each run touched), deduplicated so one
 * upsert per row suffices.
 */
import type { LineageEventType } from '@meshport/plugin-data-products-common';
import { CatalogIndex, matchDataset, matchJobProduct } from './naming';
import {
  columnLineage,
  EventDataset,
  eventTypeOf,
  identifierKey,
  meshportFacetProduct,
  RunEvent,
  schemaFields,
  symlinks,
} from './openlineage';

export interface EventRow {
  runId: string;
  eventType: LineageEventType;
  eventTime: number;
  jobKey: string;
  body: string;
  /** The parsed event (not stored: `body` is). */
  event: RunEvent;
}

export interface JobRow {
  key: string;
  namespace: string;
  name: string;
  dataProduct?: string;
  lastRunId: string;
  lastState: LineageEventType;
  lastEventTime: number;
}

export interface DatasetRow {
  key: string;
  namespace: string;
  name: string;
  datasetRef?: string;
  fields?: Array<{ name: string; type?: string }>;
}

export interface EdgeRow {
  jobKey: string;
  datasetKey: string;
  direction: 'input' | 'output';
}

export interface ColumnEdgeRow {
  datasetKey: string;
  field: string;
  inputDatasetKey: string;
  inputField: string;
  jobKey: string;
  transformation?: string;
}

export interface RunDatasetRow extends EdgeRow {
  runId: string;
  eventTime: number;
}

export interface LineageRows {
  jobs: JobRow[];
  datasets: DatasetRow[];
  edges: EdgeRow[];
  columnEdges: ColumnEdgeRow[];
  runDatasets: RunDatasetRow[];
}

/** The stored form of each event (its identity: run id, type, time). */
export function toEventRows(events: RunEvent[]): EventRow[] {
  const rows = new Map<string, EventRow>();
  for (const event of events) {
    const row: EventRow = {
      runId: event.run.runId.toLocaleLowerCase('en-US'),
      eventType: eventTypeOf(event),
      eventTime: Date.parse(event.eventTime),
      jobKey: identifierKey(event.job.namespace, event.job.name),
      body: JSON.stringify(event),
      event,
    };
    rows.set(eventIdentity(row), row);
  }
  return [...rows.values()];
}

export function eventIdentity(row: {
  runId: string;
  eventType: string;
  eventTime: number;
}): string {
  return `${row.runId}|${row.eventType}|${row.eventTime}`;
}

/** The graph rows of these (new) events. */
export function extractLineage(
  events: RunEvent[],
  index: CatalogIndex,
): LineageRows {
  const jobs = new Map<string, JobRow>();
  const datasets = new Map<string, DatasetRow>();
  const edges = new Map<string, EdgeRow>();
  const columnEdges = new Map<string, ColumnEdgeRow>();
  const runDatasets = new Map<string, RunDatasetRow>();

  const addDataset = (
    namespace: string,
    name: string,
    dataset?: EventDataset,
  ): DatasetRow => {
    const key = identifierKey(namespace, name);
    const existing = datasets.get(key);
    const fields = dataset ? schemaFields(dataset) : undefined;
    if (existing) {
      if (fields) existing.fields = fields;
      return existing;
    }
    let datasetRef = matchDataset(index, namespace, name);
    for (const alias of dataset && !datasetRef ? symlinks(dataset) : []) {
      datasetRef = matchDataset(index, alias.namespace, alias.name);
      if (datasetRef) break;
    }
    const row: DatasetRow = {
      key,
      namespace,
      name,
      ...(datasetRef ? { datasetRef } : {}),
      ...(fields ? { fields } : {}),
    };
    datasets.set(key, row);
    return row;
  };

  for (const event of events) {
    const runId = event.run.runId.toLocaleLowerCase('en-US');
    const eventTime = Date.parse(event.eventTime);
    const jobKey = identifierKey(event.job.namespace, event.job.name);
    const touched = (
      list: EventDataset[] | undefined,
      direction: 'input' | 'output',
    ) =>
      (list ?? []).map(dataset => {
        const row = addDataset(dataset.namespace, dataset.name, dataset);
        edges.set(`${jobKey}|${row.key}|${direction}`, {
          jobKey,
          datasetKey: row.key,
          direction,
        });
        const runKey = `${runId}|${row.key}|${direction}`;
        const seen = runDatasets.get(runKey);
        if (!seen || seen.eventTime > eventTime) {
          runDatasets.set(runKey, {
            runId,
            jobKey,
            datasetKey: row.key,
            direction,
            eventTime,
          });
        }
        return { row, dataset };
      });
    touched(event.inputs, 'input');
    const outputs = touched(event.outputs, 'output');

    for (const { row, dataset } of outputs) {
      for (const entry of columnLineage(dataset)) {
        const input = addDataset(entry.inputNamespace, entry.inputName);
        const edge: ColumnEdgeRow = {
          datasetKey: row.key,
          field: entry.field,
          inputDatasetKey: input.key,
          inputField: entry.inputField,
          jobKey,
          ...(entry.transformation
            ? { transformation: entry.transformation }
            : {}),
        };
        columnEdges.set(
          [row.key, entry.field, input.key, entry.inputField, jobKey].join('|'),
          edge,
        );
      }
    }

    const dataProduct = matchJobProduct(
      index,
      {
        namespace: event.job.namespace,
        facetProduct: meshportFacetProduct(event),
      },
      outputs
        .map(({ row }) => row.datasetRef)
        .filter((ref): ref is string => !!ref),
    );
    const previous = jobs.get(jobKey);
    if (!previous || previous.lastEventTime <= eventTime) {
      jobs.set(jobKey, {
        key: jobKey,
        namespace: event.job.namespace,
        name: event.job.name,
        ...(dataProduct ?? previous?.dataProduct
          ? { dataProduct: dataProduct ?? previous?.dataProduct }
          : {}),
        lastRunId: runId,
        lastState: eventTypeOf(event),
        lastEventTime: eventTime,
      });
    } else if (dataProduct && !previous.dataProduct) {
      previous.dataProduct = dataProduct;
    }
  }

  return {
    jobs: [...jobs.values()],
    datasets: [...datasets.values()],
    edges: [...edges.values()],
    columnEdges: [...columnEdges.values()],
    runDatasets: [...runDatasets.values()],
  };
}
