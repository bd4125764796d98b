/*
 * The parts both drawings of a data-flow layout share (FlowDiagram across, FlowDiagramDown top to
 * bottom): the styles, the edge colours, a node box, the arrow head, an edge's line style and its label.
 */
import { CSSProperties, ReactNode } from 'react';
import { Box, Tooltip, Typography, makeStyles } from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ConsumptionState } from '@meshport/plugin-data-products-common';
import type { PlacedEdge, PlacedNode } from './layout';

/** Height of one row: a node box and its margin. Labels never need more. */
export const ROW_HEIGHT = 80;
export const NODE_HEIGHT = 64;
export const HEADING_HEIGHT = 28;

export const useFlowStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns:
      'minmax(130px, 1fr) minmax(150px, 1fr) minmax(130px, 1fr) minmax(150px, 1fr) minmax(130px, 1fr)',
    overflowX: 'auto',
  },
  heading: {
    height: HEADING_HEIGHT,
    whiteSpace: 'nowrap',
    color: theme.palette.text.secondary,
  },
  column: { position: 'relative' },
  node: {
    position: 'absolute',
    height: NODE_HEIGHT,
    boxSizing: 'border-box',
    padding: theme.spacing(0.5, 1),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    background: theme.palette.background.paper,
    overflow: 'hidden',
  },
  focus: {
    borderColor: theme.palette.primary.main,
    borderWidth: 2,
  },
  kind: {
    display: 'block',
    fontSize: 11,
    lineHeight: '14px',
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  title: {
    // Two lines at most; words are never broken.
    display: 'block',
    fontSize: 14,
    lineHeight: '18px',
    maxHeight: 36,
    overflow: 'hidden',
    overflowWrap: 'normal',
    wordBreak: 'normal',
    '& *': { lineHeight: 'inherit' },
  },
  svg: { position: 'absolute', inset: 0, overflow: 'visible' },
  label: {
    position: 'absolute',
    height: 22,
    lineHeight: '20px',
    boxSizing: 'border-box',
    padding: theme.spacing(0, 0.75),
    fontSize: 12,
    whiteSpace: 'nowrap',
    borderRadius: 11,
    border: '1px solid',
    background: theme.palette.background.paper,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    textAlign: 'center',
  },
}));

const KIND_WORDS = { DataProduct: 'Data product', Dataset: 'Dataset' };

/** Edge colours by state, from the theme through CSS variables (set by useVariables). */
export const COLORS: Record<ConsumptionState | 'flow', string> = {
  granted: 'var(--meshport-flow-granted)',
  requested: 'var(--meshport-flow-requested)',
  declared: 'var(--meshport-flow-declared)',
  read: 'var(--meshport-flow-read)',
  flow: 'var(--meshport-flow-line)',
};

export const useVariables = makeStyles(theme => ({
  root: {
    '--meshport-flow-granted': theme.palette.status.ok,
    '--meshport-flow-requested': theme.palette.status.warning,
    '--meshport-flow-declared': theme.palette.text.secondary,
    '--meshport-flow-read': theme.palette.status.error,
    '--meshport-flow-line': theme.palette.text.secondary,
  },
}));

/** A node's box, placed by `style` (absolute, in its column or band). */
export const NodeBox = (props: { node: PlacedNode; style: CSSProperties }) => {
  const { node } = props;
  const classes = useFlowStyles();
  return (
    <Box
      className={`${classes.node} ${node.focus ? classes.focus : ''}`}
      style={props.style}
      data-testid="flow-node"
      data-kind={node.kind}
      data-focus={node.focus ? 'true' : 'false'}
      title={node.title}
    >
      <span className={classes.kind}>
        {node.focus
          ? `This ${KIND_WORDS[node.kind].toLowerCase()}`
          : KIND_WORDS[node.kind]}
      </span>
      <Typography component="span" className={classes.title}>
        {node.ref ? (
          <EntityRefLink entityRef={node.ref} title={node.title} />
        ) : (
          node.title
        )}
      </Typography>
    </Box>
  );
};

/** The arrow head at the end of every edge, defined once per drawing. */
export const ArrowMarker = (props: { id: string }) => (
  <defs>
    <marker
      id={props.id}
      viewBox="0 0 10 10"
      refX="10"
      refY="5"
      markerWidth="7"
      markerHeight="7"
      orient="auto"
    >
      <path d="M0,0 L10,5 L0,10 z" fill={COLORS.flow} />
    </marker>
  </defs>
);

/** An edge's line style: its state's colour, dashed while access is not asked for. */
export const lineOf = (edge: PlacedEdge) => ({
  stroke: edge.state ? COLORS[edge.state] : COLORS.flow,
  strokeWidth: 1.5,
  strokeDasharray:
    edge.state === 'declared' || edge.state === 'read' ? '5 4' : undefined,
});

/** An edge's label (its access state), placed by `style`, with what the state means as its tooltip. */
export const EdgeLabel = (props: {
  edge: PlacedEdge;
  style: CSSProperties;
}) => {
  const classes = useFlowStyles();
  const { edge } = props;
  return (
    <Tooltip title={edge.description ?? ''}>
      <Box
        className={classes.label}
        style={{ ...props.style, borderColor: COLORS[edge.state!] }}
        data-testid="flow-edge-label"
        data-state={edge.state}
      >
        {edge.label as ReactNode}
      </Box>
    </Tooltip>
  );
};

type Point = [x: string | number, y: string | number];

/** An edge drawn as lines through `points` (an elbow), with the arrow head at the last. */
export const EdgeLines = (props: {
  edge: PlacedEdge;
  marker: string;
  points: Point[];
}) => {
  const { edge, points } = props;
  const common = lineOf(edge);
  return (
    <g data-testid="flow-edge" data-state={edge.state ?? 'flow'}>
      {points.slice(1).map(([x2, y2], i) => (
        <line
          key={i}
          x1={points[i][0]}
          y1={points[i][1]}
          x2={x2}
          y2={y2}
          {...common}
          markerEnd={
            i === points.length - 2 ? `url(#${props.marker})` : undefined
          }
        />
      ))}
    </g>
  );
};
