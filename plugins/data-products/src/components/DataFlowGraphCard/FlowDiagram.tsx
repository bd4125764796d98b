import { useId } from 'react';
import { Box, Tooltip, Typography, makeStyles } from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ConsumptionState } from '@meshport/plugin-data-products-common';
import type { FlowLayout, PlacedEdge, PlacedNode } from './layout';

/** Height of one row: a node box and its margin. Labels never need more. */
const ROW_HEIGHT = 80;
const NODE_HEIGHT = 64;
const HEADING_HEIGHT = 28;

const useStyles = makeStyles(theme => ({
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
    left: 0,
    right: 0,
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
const COLORS: Record<ConsumptionState | 'flow', string> = {
  granted: 'var(--meshport-flow-granted)',
  requested: 'var(--meshport-flow-requested)',
  declared: 'var(--meshport-flow-declared)',
  read: 'var(--meshport-flow-read)',
  flow: 'var(--meshport-flow-line)',
};

const useVariables = makeStyles(theme => ({
  root: {
    '--meshport-flow-granted': theme.palette.status.ok,
    '--meshport-flow-requested': theme.palette.status.warning,
    '--meshport-flow-declared': theme.palette.text.secondary,
    '--meshport-flow-read': theme.palette.status.error,
    '--meshport-flow-line': theme.palette.text.secondary,
  },
}));

const NodeBox = ({ node }: { node: PlacedNode }) => {
  const classes = useStyles();
  const top = node.y * ROW_HEIGHT - NODE_HEIGHT / 2;
  return (
    <Box
      className={`${classes.node} ${node.focus ? classes.focus : ''}`}
      style={{ top }}
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

/** Elbow lines: the bend sits away from the labelled end, so the label rides a straight stretch. */
function bendOf(edge: PlacedEdge): number {
  if (edge.labelAt === 'to') return 12;
  if (edge.labelAt === 'from') return 88;
  return 50;
}

const EdgeColumn = (props: { layout: FlowLayout; from: 0 | 1 }) => {
  const classes = useStyles();
  const colors = COLORS;
  const marker = `${useId().replace(/:/g, '')}-arrow`;
  const edges = props.layout.edges.filter(e => e.from === props.from);
  return (
    <Box
      className={classes.column}
      style={{ height: props.layout.rows * ROW_HEIGHT }}
    >
      <svg
        className={classes.svg}
        width="100%"
        height="100%"
        aria-hidden="true"
      >
        <defs>
          <marker
            id={marker}
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill={colors.flow} />
          </marker>
        </defs>
        {edges.map(edge => {
          const stroke = edge.state ? colors[edge.state] : colors.flow;
          const dash =
            edge.state === 'declared' || edge.state === 'read'
              ? '5 4'
              : undefined;
          const y1 = edge.fromY * ROW_HEIGHT;
          const y2 = edge.toY * ROW_HEIGHT;
          const bend = `${bendOf(edge)}%`;
          const common = { stroke, strokeWidth: 1.5, strokeDasharray: dash };
          return (
            <g
              key={edge.key}
              data-testid="flow-edge"
              data-state={edge.state ?? 'flow'}
            >
              <line x1="0" x2={bend} y1={y1} y2={y1} {...common} />
              <line x1={bend} x2={bend} y1={y1} y2={y2} {...common} />
              <line
                x1={bend}
                x2="100%"
                y1={y2}
                y2={y2}
                {...common}
                markerEnd={`url(#${marker})`}
              />
            </g>
          );
        })}
      </svg>
      {edges
        .filter(edge => edge.label)
        .map(edge => {
          const y =
            (edge.labelAt === 'to' ? edge.toY : edge.fromY) * ROW_HEIGHT;
          const sides =
            edge.labelAt === 'to'
              ? { left: '16%', right: 10 }
              : { left: 4, right: '16%' };
          return (
            <Tooltip key={edge.key} title={edge.description ?? ''}>
              <Box
                className={classes.label}
                style={{
                  top: y - 11,
                  ...sides,
                  borderColor: colors[edge.state!],
                }}
                data-testid="flow-edge-label"
                data-state={edge.state}
              >
                {edge.label}
              </Box>
            </Tooltip>
          );
        })}
    </Box>
  );
};

/**
 * A data-flow layout drawn in three node columns with two edge columns
 * between them. Plain HTML boxes (text at its normal size, links that work)
 * over SVG lines; nothing scales the text down to fit.
 */
export const FlowDiagram = (props: { layout: FlowLayout; label: string }) => {
  const { layout } = props;
  const classes = useStyles();
  const variables = useVariables();
  const height = layout.rows * ROW_HEIGHT;
  const column = (index: 0 | 1 | 2) => (
    <Box className={classes.column} style={{ height }}>
      {layout.nodes
        .filter(n => n.column === index)
        .map(n => (
          <NodeBox key={n.key} node={n} />
        ))}
    </Box>
  );
  return (
    <Box
      className={`${classes.grid} ${variables.root}`}
      role="group"
      aria-label={props.label}
    >
      {layout.headings.map((heading, index) => (
        <Typography
          key={heading}
          variant="overline"
          component="div"
          className={classes.heading}
          style={{ gridColumn: index * 2 + 1 }}
        >
          {heading}
        </Typography>
      ))}
      <Box style={{ gridColumn: 1, gridRow: 2 }}>{column(0)}</Box>
      <Box style={{ gridColumn: 2, gridRow: 2 }}>
        <EdgeColumn layout={layout} from={0} />
      </Box>
      <Box style={{ gridColumn: 3, gridRow: 2 }}>{column(1)}</Box>
      <Box style={{ gridColumn: 4, gridRow: 2 }}>
        <EdgeColumn layout={layout} from={1} />
      </Box>
      <Box style={{ gridColumn: 5, gridRow: 2 }}>{column(2)}</Box>
    </Box>
  );
};
