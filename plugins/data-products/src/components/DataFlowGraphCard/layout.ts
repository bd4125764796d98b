/*
 * Pure: the data-flow graph of a DataProduct or Dataset, as data flow only
 * (product -> dataset -> consuming product, with the access state on each
 * consumer edge), and its layout in three columns. Ownership and domain are
 * not nodes: the card says them in text.
 *
 * The layout never overlaps: the column that holds one node per edge (the
 * consumers of a product's datasets, or the datasets a product reads) gets
 * one row each; every other node sits at the middle of the rows it feeds or
 * is fed by, and those blocks of rows never interleave. Edge labels sit on
 * the row of that one-per-edge node, so two labels never share a row.
 */
import type {
  Consumption,
  ConsumptionState,
} from '@meshport/plugin-data-products-common';

/** A product or dataset in the graph. */
export interface FlowNode {
  /** Full entity ref. */
  ref: string;
  title: string;
  kind: 'DataProduct' | 'Dataset';
  /** The entity whose page this is. */
  focus?: boolean;
}

/** A node placed in a column, at `y` rows from the top (a row's middle is n + 0.5). */
export interface PlacedNode extends FlowNode {
  /** Unique within the layout (a consumer can appear once per dataset it reads). */
  key: string;
  column: 0 | 1 | 2;
  y: number;
}

/** An edge from column `from` to column `from + 1`. */
export interface PlacedEdge {
  key: string;
  from: 0 | 1;
  fromY: number;
  toY: number;
  /** The access state, on consumer edges. */
  label?: string;
  state?: ConsumptionState;
  /** What the state means, in a sentence (the label's tooltip). */
  description?: string;
  /** Which end the label sits at: the end whose node is unique to this edge. */
  labelAt?: 'from' | 'to';
}

export interface FlowLayout {
  /** Headings of the three columns. */
  headings: [string, string, string];
  rows: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** A dataset and who reads it, or a dataset and the state of a product's access to it. */
interface FanMiddle {
  node: FlowNode;
  rights: { node: FlowNode; consumption: Consumption }[];
  /** With a shared right node: the state of this middle's edge into it. */
  consumption?: Consumption;
}

interface FanGroup {
  left: FlowNode;
  middles: FanMiddle[];
}

/** The edge label: short, the state and where access holds. */
export function edgeLabel(c: Consumption): string {
  switch (c.state) {
    case 'granted':
      return c.grantedEnvironments.length > 0
        ? `granted (${c.grantedEnvironments.join(', ')})`
        : 'granted';
    case 'requested':
      return 'requested';
    case 'declared':
      return 'declared';
    case 'read':
    default:
      return 'reads, undeclared';
  }
}

/** The label's tooltip: what the state means for this pair. */
export function edgeDescription(c: Consumption): string {
  const who = `${c.consumerTitle} → ${c.datasetTitle}`;
  switch (c.state) {
    case 'granted':
      return `${who}: holds access${
        c.grantedEnvironments.length > 0
          ? ` in ${c.grantedEnvironments.join(', ')}`
          : ''
      }${c.declared ? '' : ' without declaring an input port'}.`;
    case 'requested':
      return `${who}: asked for access, waiting for a decision.`;
    case 'declared':
      return `${who}: declares it as an input port, no access yet.`;
    case 'read':
    default:
      return `${who}: read it without an input port or a grant.`;
  }
}

function consumerEdge(
  key: string,
  from: 0 | 1,
  fromY: number,
  toY: number,
  c: Consumption,
  labelAt: 'from' | 'to',
): PlacedEdge {
  return {
    key,
    from,
    fromY,
    toY,
    label: edgeLabel(c),
    state: c.state,
    description: edgeDescription(c),
    labelAt,
  };
}

/**
 * Lays out groups of left -> middle -> right. Without `sharedRight`, each
 * right node gets its own row (labels at the right end); with it, every
 * middle gets one row and feeds the one shared node (labels at the middle's
 * end).
 */
function fanLayout(
  headings: [string, string, string],
  groups: FanGroup[],
  sharedRight?: FlowNode,
): FlowLayout {
  const nodes: PlacedNode[] = [];
  const edges: PlacedEdge[] = [];
  let row = 0;
  const middleRows: { key: string; y: number; middle: FanMiddle }[] = [];
  for (const group of groups) {
    const groupStart = row;
    const placed: { key: string; y: number }[] = [];
    for (const middle of group.middles) {
      const start = row;
      const middleKey = `1:${middle.node.ref}`;
      if (sharedRight) {
        row += 1;
      } else if (middle.rights.length === 0) {
        row += 1;
      } else {
        for (const right of middle.rights) {
          const key = `2:${right.node.ref}|${middle.node.ref}`;
          nodes.push({ ...right.node, key, column: 2, y: row + 0.5 });
          edges.push(
            consumerEdge(
              `${middleKey}->${key}`,
              1,
              (start + start + middle.rights.length) / 2,
              row + 0.5,
              right.consumption,
              'to',
            ),
          );
          row += 1;
        }
      }
      const y = (start + row) / 2;
      nodes.push({ ...middle.node, key: middleKey, column: 1, y });
      placed.push({ key: middleKey, y });
      middleRows.push({ key: middleKey, y, middle });
    }
    if (group.middles.length === 0) row += 1;
    const leftKey = `0:${group.left.ref}`;
    const leftY = (groupStart + row) / 2;
    if (!nodes.some(n => n.key === leftKey)) {
      nodes.push({ ...group.left, key: leftKey, column: 0, y: leftY });
    }
    for (const middle of placed) {
      edges.push({
        key: `${leftKey}->${middle.key}`,
        from: 0,
        fromY: leftY,
        toY: middle.y,
      });
    }
  }
  if (sharedRight) {
    const key = `2:${sharedRight.ref}`;
    const y = Math.max(row, 1) / 2;
    nodes.push({ ...sharedRight, key, column: 2, y });
    for (const m of middleRows) {
      if (m.middle.consumption) {
        edges.push(
          consumerEdge(
            `${m.key}->${key}`,
            1,
            m.y,
            y,
            m.middle.consumption,
            'from',
          ),
        );
      } else {
        edges.push({ key: `${m.key}->${key}`, from: 1, fromY: m.y, toY: y });
      }
    }
  }
  return { headings, rows: Math.max(row, 1), nodes, edges };
}

const byTitle = (a: { title: string }, b: { title: string }) =>
  a.title.localeCompare(b.title);

function consumerRights(consumers: Consumption[], dataset: string) {
  return consumers
    .filter(c => c.dataset === dataset)
    .sort((a, b) => a.consumerTitle.localeCompare(b.consumerTitle))
    .map(c => ({
      node: {
        ref: c.consumer,
        title: c.consumerTitle,
        kind: 'DataProduct' as const,
      },
      consumption: c,
    }));
}

/** A Dataset's graph: its product -> it -> the products consuming it. */
export function datasetFlow(input: {
  dataset: FlowNode;
  producer?: FlowNode;
  consumers: Consumption[];
}): FlowLayout {
  const dataset = { ...input.dataset, focus: true };
  const producer = input.producer ?? {
    ref: '',
    title: 'No product outputs it',
    kind: 'DataProduct' as const,
  };
  return fanLayout(
    ['Produced by', 'Dataset', 'Consumed by'],
    [
      {
        left: producer,
        middles: [
          {
            node: dataset,
            rights: consumerRights(input.consumers, dataset.ref),
          },
        ],
      },
    ],
  );
}

/**
 * A DataProduct's graphs: what it reads (producer -> dataset -> it, with its
 * access state) and who reads its data (it -> its datasets -> consumers).
 */
export function productFlows(input: {
  product: FlowNode;
  outputs: FlowNode[];
  consumers: Consumption[];
  inputs: Consumption[];
  /** The product that outputs each input dataset, by dataset ref. */
  producers: Map<string, FlowNode>;
}): { reads?: FlowLayout; outputs: FlowLayout } {
  const product = { ...input.product, focus: true };
  const outputs = fanLayout(
    ['This product', 'Its datasets', 'Consumed by'],
    [
      {
        left: product,
        middles: [...input.outputs].sort(byTitle).map(node => ({
          node,
          rights: consumerRights(input.consumers, node.ref),
        })),
      },
    ],
  );
  if (input.inputs.length === 0) return { outputs };
  const unknown: FlowNode = {
    ref: '',
    title: 'Unknown product',
    kind: 'DataProduct',
  };
  const groups = new Map<string, FanGroup>();
  for (const c of [...input.inputs].sort((a, b) =>
    a.datasetTitle.localeCompare(b.datasetTitle),
  )) {
    const producer = input.producers.get(c.dataset) ?? unknown;
    const group = groups.get(producer.ref) ?? { left: producer, middles: [] };
    group.middles.push({
      node: { ref: c.dataset, title: c.datasetTitle, kind: 'Dataset' },
      rights: [],
      consumption: c,
    });
    groups.set(producer.ref, group);
  }
  const reads = fanLayout(
    ['Produced by', 'Datasets it reads', 'This product'],
    [...groups.values()].sort((a, b) => byTitle(a.left, b.left)),
    product,
  );
  return { reads, outputs };
}
