import type { LineageGraphResponse } from '@meshport/plugin-data-products-common';
import {
  columnRows,
  entityPath,
  jobDatasets,
  shortRef,
  splitBySide,
  usageSeries,
} from './presentation';

const graph: LineageGraphResponse = {
  entityRef: 'dataset:default/scores',
  depth: 3,
  truncated: false,
  datasets: [
    {
      id: 's',
      namespace: 'glue',
      name: 'table/churn/scores',
      datasetRef: 'dataset:default/scores',
      distance: 0,
      side: 'self',
      fields: [],
    },
    {
      id: 'o',
      namespace: 's3://b',
      name: 'orders',
      datasetRef: 'dataset:default/orders',
      title: 'Orders',
      distance: 1,
      side: 'upstream',
      fields: [],
    },
    {
      id: 'r',
      namespace: 'pg',
      name: 'report',
      distance: 1,
      side: 'downstream',
      fields: [],
    },
  ],
  jobs: [
    {
      id: 'j',
      namespace: 'churn',
      name: 'score',
      distance: 1,
      side: 'upstream',
    },
  ],
  edges: [
    {
      jobId: 'j',
      datasetId: 'o',
      direction: 'input',
      lastSeen: '2026-12-05T10:00:00Z',
    },
    {
      jobId: 'j',
      datasetId: 's',
      direction: 'output',
      lastSeen: '2026-12-05T10:00:00Z',
    },
  ],
  columnEdges: [
    {
      datasetId: 's',
      field: 'id',
      inputDatasetId: 'o',
      inputField: 'customer_id',
      jobId: 'j',
      transformation: 'DIRECT/IDENTITY',
    },
  ],
  undeclared: [],
};

describe('lineage presentation', () => {
  it('splits datasets by side and pairs each job with its inputs and outputs', () => {
    const sides = splitBySide(graph);
    expect(sides.own.map(d => d.id)).toEqual(['s']);
    expect(sides.upstream.map(d => d.id)).toEqual(['o']);
    expect(sides.downstream.map(d => d.id)).toEqual(['r']);
    const io = jobDatasets(graph).get('j')!;
    expect(io.inputs.map(d => d.id)).toEqual(['o']);
    expect(io.outputs.map(d => d.id)).toEqual(['s']);
  });

  it('resolves column lineage to datasets', () => {
    expect(columnRows(graph)).toEqual([
      expect.objectContaining({
        field: 'id',
        inputField: 'customer_id',
        input: graph.datasets[1],
        output: graph.datasets[0],
      }),
    ]);
  });

  it('fills every day of the window per consumer, with the highest daily total', () => {
    const series = usageSeries(
      [
        {
          day: '2026-12-04',
          consumer: 'dataproduct:default/churn',
          consumerTitle: 'Churn',
          reads: 2,
        },
        { day: '2026-12-05', consumer: 'dataproduct:default/churn', reads: 1 },
        { day: '2026-12-05', consumer: 'dataproduct:default/crm', reads: 4 },
        { day: '2026-11-01', consumer: 'dataproduct:default/crm', reads: 9 },
      ],
      3,
      new Date('2026-12-05T12:00:00Z'),
    );
    expect(series.days).toEqual(['2026-12-03', '2026-12-04', '2026-12-05']);
    expect(series.consumers).toEqual([
      { id: 'dataproduct:default/churn', label: 'Churn' },
      { id: 'dataproduct:default/crm', label: 'crm' },
    ]);
    expect(series.reads).toEqual([
      [0, 2, 1],
      [0, 0, 4],
    ]);
    expect(series.max).toBe(5);
  });

  it('links entities and shortens refs', () => {
    expect(entityPath('dataset:default/orders')).toBe(
      '/catalog/default/dataset/orders',
    );
    expect(shortRef('dataproduct:team/churn')).toBe('team/churn');
    expect(shortRef('churn/score')).toBe('churn/score');
  });
});
