/*
 * Pure: the lineage and usage responses as the Lineage tab shows them.
 */
import type {
  LineageDatasetNode,
  LineageGraphResponse,
  LineageJobNode,
  LineageUsageDay,
} from '@meshport/plugin-data-products-common';
import { entityPath, shortRef } from '../RetirementTab/presentation';

// The same entity-ref helpers as the Retirement tab.
export { entityPath, shortRef };

/** `2026-12-05T10:05:00Z` -> `5 Dec 2026, 10:05` (local time). */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** `2026-12-05` -> `5 Dec`. */
export function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** What people call a dataset node: its Dataset's title, else its identifier. */
export function datasetLabel(node: LineageDatasetNode): string {
  return node.title ?? node.name;
}

export function jobLabel(job: LineageJobNode): string {
  return `${job.namespace}/${job.name}`;
}

/** Datasets of each side, nearest first. */
export function splitBySide(graph: LineageGraphResponse) {
  const datasets = (side: LineageDatasetNode['side']) =>
    graph.datasets.filter(d => d.side === side);
  return {
    own: datasets('self'),
    upstream: datasets('upstream'),
    downstream: datasets('downstream'),
  };
}

/** The jobs that read (inputs) and write (outputs) each job's datasets, by job id. */
export function jobDatasets(graph: LineageGraphResponse) {
  const byId = new Map(graph.datasets.map(d => [d.id, d]));
  const result = new Map<
    string,
    { inputs: LineageDatasetNode[]; outputs: LineageDatasetNode[] }
  >();
  for (const job of graph.jobs) {
    result.set(job.id, { inputs: [], outputs: [] });
  }
  for (const edge of graph.edges) {
    const dataset = byId.get(edge.datasetId);
    const entry = result.get(edge.jobId);
    if (!dataset || !entry) continue;
    (edge.direction === 'input' ? entry.inputs : entry.outputs).push(dataset);
  }
  return result;
}

/** Column lineage rows: output dataset and field <- input dataset and field. */
export function columnRows(graph: LineageGraphResponse) {
  const byId = new Map(graph.datasets.map(d => [d.id, d]));
  return graph.columnEdges.map(edge => ({
    key: `${edge.datasetId}|${edge.field}|${edge.inputDatasetId}|${edge.inputField}|${edge.jobId}`,
    output: byId.get(edge.datasetId),
    field: edge.field,
    input: byId.get(edge.inputDatasetId),
    inputField: edge.inputField,
    transformation: edge.transformation,
  }));
}

export interface UsageSeries {
  days: string[];
  consumers: Array<{ id: string; label: string }>;
  /** reads[consumerIndex][dayIndex] */
  reads: number[][];
  max: number;
}

/** Every day of the window (also those without reads), one series per consumer. */
export function usageSeries(
  daily: LineageUsageDay[],
  days: number,
  today: Date,
): UsageSeries {
  const dayList: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    dayList.push(
      new Date(today.getTime() - i * 86_400_000).toISOString().slice(0, 10),
    );
  }
  const consumers = [...new Set(daily.map(d => d.consumer))].sort();
  const labels = new Map<string, string>();
  for (const d of daily) {
    if (d.consumerTitle || !labels.has(d.consumer)) {
      labels.set(d.consumer, d.consumerTitle ?? shortRef(d.consumer));
    }
  }
  const reads = consumers.map(() => dayList.map(() => 0));
  for (const entry of daily) {
    const dayIndex = dayList.indexOf(entry.day);
    if (dayIndex < 0) continue;
    reads[consumers.indexOf(entry.consumer)][dayIndex] += entry.reads;
  }
  const totals = dayList.map((_, i) =>
    reads.reduce((sum, row) => sum + row[i], 0),
  );
  return {
    days: dayList,
    consumers: consumers.map(id => ({ id, label: labels.get(id) ?? id })),
    reads,
    max: Math.max(0, ...totals),
  };
}
