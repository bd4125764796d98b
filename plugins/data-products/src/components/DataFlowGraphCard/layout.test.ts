import type { Consumption } from '@meshport/plugin-data-products-common';
import {
  datasetFlow,
  edgeLabel,
  FlowLayout,
  FlowNode,
  productFlows,
} from './layout';

const product = (name: string, title: string): FlowNode => ({
  ref: `dataproduct:default/${name}`,
  title,
  kind: 'DataProduct',
});
const dataset = (name: string, title: string): FlowNode => ({
  ref: `dataset:default/${name}`,
  title,
  kind: 'Dataset',
});

function consumption(
  consumer: FlowNode,
  ds: FlowNode,
  state: Consumption['state'],
  grantedEnvironments: string[] = [],
): Consumption {
  return {
    consumer: consumer.ref,
    consumerTitle: consumer.title,
    dataset: ds.ref,
    datasetTitle: ds.title,
    state,
    declared: state !== 'read',
    grantedEnvironments,
    undeclaredGrant: false,
    undeclaredRead: state === 'read',
  };
}

const logistics = product('logistics', 'Logistics');
const shipments = dataset('shipments', 'Shipments');
const carriers = dataset('carriers', 'Carriers');
const c360 = product('c360', 'Customer 360');
const finance = product('finance', 'Finance');
const sales = product('sales', 'Sales');
const orders = dataset('orders', 'Orders');

/** Node boxes never share a row in a column; labels never share a row. */
function expectNoOverlap(layout: FlowLayout) {
  for (const column of [0, 1, 2]) {
    const ys = layout.nodes
      .filter(n => n.column === column)
      .map(n => n.y)
      .sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) {
      expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(1);
    }
  }
  const labelRows = layout.edges
    .filter(e => e.label)
    .map(e => `${e.from}:${e.labelAt === 'to' ? e.toY : e.fromY}`);
  expect(new Set(labelRows).size).toBe(labelRows.length);
  for (const n of layout.nodes) {
    expect(n.y).toBeGreaterThan(0);
    expect(n.y).toBeLessThan(layout.rows);
  }
}

describe('edgeLabel', () => {
  it.each<[Consumption['state'], string[], string]>([
    ['granted', ['dev', 'prd'], 'granted (dev, prd)'],
    ['requested', [], 'requested'],
    ['declared', [], 'declared'],
    ['read', [], 'reads, undeclared'],
  ])('%s', (state, envs, expected) => {
    expect(edgeLabel(consumption(c360, shipments, state, envs))).toBe(expected);
  });
});

describe('datasetFlow', () => {
  it('draws product -> dataset -> consumers with the state on each consumer edge', () => {
    const layout = datasetFlow({
      dataset: shipments,
      producer: logistics,
      consumers: [
        consumption(finance, shipments, 'requested'),
        consumption(c360, shipments, 'granted', ['prd']),
        consumption(sales, shipments, 'declared'),
      ],
    });
    expect(layout.nodes.map(n => [n.column, n.title, n.y])).toEqual([
      [2, 'Customer 360', 0.5],
      [2, 'Finance', 1.5],
      [2, 'Sales', 2.5],
      [1, 'Shipments', 1.5],
      [0, 'Logistics', 1.5],
    ]);
    expect(layout.nodes.find(n => n.title === 'Shipments')?.focus).toBe(true);
    expect(layout.edges.map(e => [e.from, e.label, e.toY])).toEqual([
      [1, 'granted (prd)', 0.5],
      [1, 'requested', 1.5],
      [1, 'declared', 2.5],
      [0, undefined, 1.5],
    ]);
    expect(layout.rows).toBe(3);
    expectNoOverlap(layout);
  });

  it('has only products and datasets: no owner, no domain', () => {
    const layout = datasetFlow({
      dataset: shipments,
      producer: logistics,
      consumers: [consumption(c360, shipments, 'declared')],
    });
    expect(new Set(layout.nodes.map(n => n.kind))).toEqual(
      new Set(['DataProduct', 'Dataset']),
    );
  });

  it('says so when nobody consumes the dataset', () => {
    const layout = datasetFlow({ dataset: shipments, consumers: [] });
    expect(layout.nodes.map(n => [n.column, n.title])).toEqual([
      [1, 'Shipments'],
      [0, 'No product outputs it'],
    ]);
    expect(layout.edges.filter(e => e.label)).toEqual([]);
    expectNoOverlap(layout);
  });
});

describe('productFlows', () => {
  it('gives every consumer of every dataset its own row, so labels never collide', () => {
    const { outputs, reads } = productFlows({
      product: logistics,
      outputs: [shipments, carriers],
      consumers: [
        consumption(c360, shipments, 'granted', ['dev', 'prd']),
        consumption(finance, shipments, 'read'),
        consumption(c360, carriers, 'requested'),
      ],
      inputs: [],
      producers: new Map(),
    });
    expect(reads).toBeUndefined();
    // Carriers (1 consumer) before Shipments (2): sorted by title.
    expect(
      outputs.nodes.filter(n => n.column === 1).map(n => [n.title, n.y]),
    ).toEqual([
      ['Carriers', 0.5],
      ['Shipments', 2],
    ]);
    expect(outputs.nodes.filter(n => n.column === 2).map(n => n.title)).toEqual(
      ['Customer 360', 'Customer 360', 'Finance'],
    );
    expect(outputs.nodes.find(n => n.column === 0)).toMatchObject({
      title: 'Logistics',
      focus: true,
      y: 1.5,
    });
    expect(outputs.edges.filter(e => e.label).map(e => e.label)).toEqual([
      'requested',
      'granted (dev, prd)',
      'reads, undeclared',
    ]);
    expectNoOverlap(outputs);
  });

  it('draws what a product reads: producer -> dataset -> it, the access state at the dataset', () => {
    const { reads } = productFlows({
      product: c360,
      outputs: [],
      consumers: [],
      inputs: [
        consumption(c360, shipments, 'granted', ['prd']),
        consumption(c360, orders, 'declared'),
        consumption(c360, carriers, 'requested'),
      ],
      producers: new Map([
        [shipments.ref, logistics],
        [carriers.ref, logistics],
        [orders.ref, sales],
      ]),
    });
    expect(reads!.headings).toEqual([
      'Produced by',
      'Datasets it reads',
      'This product',
    ]);
    expect(reads!.nodes.map(n => [n.column, n.title, n.y])).toEqual([
      [1, 'Carriers', 0.5],
      [1, 'Shipments', 1.5],
      [0, 'Logistics', 1],
      [1, 'Orders', 2.5],
      [0, 'Sales', 2.5],
      [2, 'Customer 360', 1.5],
    ]);
    expect(
      reads!.edges.filter(e => e.label).map(e => [e.label, e.labelAt, e.fromY]),
    ).toEqual([
      ['requested', 'from', 0.5],
      ['granted (prd)', 'from', 1.5],
      ['declared', 'from', 2.5],
    ]);
    expectNoOverlap(reads!);
  });

  it('a product without datasets still shows itself', () => {
    const { outputs } = productFlows({
      product: logistics,
      outputs: [],
      consumers: [],
      inputs: [],
      producers: new Map(),
    });
    expect(outputs.nodes.map(n => n.title)).toEqual(['Logistics']);
    expect(outputs.rows).toBe(1);
    expectNoOverlap(outputs);
  });
});
