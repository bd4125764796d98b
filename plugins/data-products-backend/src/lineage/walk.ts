/*
 * The lineage graph around an entity: from its datasets (and, for a product,
 * its jobs) upstream (the jobs that write them, their inputs, ...) and
 * downstream (the jobs that read them, their outputs, ...) over N hops. A hop
 * is dataset -> job -> dataset. One query per hop and side (a self-join of
 * the edges); both sides run at once.
 */
import type { LineageSide } from '@meshport/plugin-data-products-common';
import type { LineageStore, StoredEdge } from './LineageStore';

export interface Placed {
  distance: number;
  side: LineageSide;
}

export interface Walked {
  datasets: Map<string, Placed>;
  jobs: Map<string, Placed>;
  edges: Map<string, StoredEdge>;
  truncated: boolean;
}

async function walkSide(
  store: Pick<LineageStore, 'edgesOfDatasets' | 'edgesOfJobs' | 'hop'>,
  start: { datasets: string[]; jobs: string[] },
  depth: number,
  side: 'upstream' | 'downstream',
): Promise<Walked> {
  const intoJob = side === 'upstream' ? 'output' : 'input';
  const outOfJob = side === 'upstream' ? 'input' : 'output';
  const datasets = new Map<string, Placed>(
    start.datasets.map(key => [key, { distance: 0, side: 'self' }]),
  );
  const jobs = new Map<string, Placed>(
    start.jobs.map(key => [key, { distance: 0, side: 'self' }]),
  );
  const edges = new Map<string, StoredEdge>();
  const keep = (edge: StoredEdge) =>
    edges.set(`${edge.jobKey}|${edge.datasetKey}|${edge.direction}`, edge);
  let frontier = start.datasets;
  let jobFrontier = start.jobs;
  let truncated = false;
  for (
    let hop = 1;
    hop <= depth && frontier.length + jobFrontier.length;
    hop++
  ) {
    const [{ toJobs, fromJobs }, fromStartJobs] = await Promise.all([
      store.hop(frontier, intoJob, outOfJob),
      jobFrontier.length
        ? store.edgesOfJobs(jobFrontier, outOfJob)
        : Promise.resolve([]),
    ]);
    for (const edge of toJobs) {
      keep(edge);
      if (!jobs.has(edge.jobKey)) {
        jobs.set(edge.jobKey, { distance: hop, side });
      }
    }
    const next: string[] = [];
    for (const edge of [...fromJobs, ...fromStartJobs]) {
      keep(edge);
      if (!datasets.has(edge.datasetKey)) {
        datasets.set(edge.datasetKey, { distance: hop, side });
        next.push(edge.datasetKey);
      }
    }
    frontier = next;
    jobFrontier = [];
    if (hop === depth && frontier.length) {
      truncated = (await store.edgesOfDatasets(frontier, intoJob)).length > 0;
    }
  }
  return { datasets, jobs, edges, truncated };
}

/** Both sides, merged: the entity's own nodes first, then upstream, then downstream. */
export async function walkLineage(
  store: Pick<LineageStore, 'edgesOfDatasets' | 'edgesOfJobs' | 'hop'>,
  start: { datasets: string[]; jobs: string[] },
  depth: number,
): Promise<Walked> {
  const [up, down] = await Promise.all([
    walkSide(store, start, depth, 'upstream'),
    walkSide(store, start, depth, 'downstream'),
  ]);
  const merge = (a: Map<string, Placed>, b: Map<string, Placed>) => {
    const merged = new Map(a);
    for (const [key, placed] of b)
      if (!merged.has(key)) merged.set(key, placed);
    return merged;
  };
  return {
    datasets: merge(up.datasets, down.datasets),
    jobs: merge(up.jobs, down.jobs),
    edges: new Map([...up.edges, ...down.edges]),
    truncated: up.truncated || down.truncated,
  };
}
