import { useId } from 'react';
import { Box, Typography } from '@material-ui/core';
import useMeasure from 'react-use/esm/useMeasure';
import type { FlowLayout, PlacedEdge } from './layout';
import {
  ArrowMarker,
  EdgeLabel,
  EdgeLines,
  NODE_HEIGHT,
  NodeBox,
  ROW_HEIGHT,
  useFlowStyles,
  useVariables,
} from './parts';
import { FlowDiagramDown } from './FlowDiagramDown';

/**
 * The narrowest frame that holds the three columns and two edge columns side by side (the grid's
 * minimum widths); a narrower one (a card beside the About card at 1024 px) gets the top-to-bottom
 * drawing instead of a sideways scroll.
 */
export const ACROSS_MIN_WIDTH = 3 * 130 + 2 * 150;

/** Elbow lines: the bend sits away from the labelled end, so the label rides a straight stretch. */
function bendOf(edge: PlacedEdge): number {
  if (edge.labelAt === 'to') return 12;
  if (edge.labelAt === 'from') return 88;
  return 50;
}

const EdgeColumn = (props: { layout: FlowLayout; from: 0 | 1 }) => {
  const classes = useFlowStyles();
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
        <ArrowMarker id={marker} />
        {edges.map(edge => {
          const y1 = edge.fromY * ROW_HEIGHT;
          const y2 = edge.toY * ROW_HEIGHT;
          const bend = `${bendOf(edge)}%`;
          return (
            <EdgeLines
              key={edge.key}
              edge={edge}
              marker={marker}
              points={[
                [0, y1],
                [bend, y1],
                [bend, y2],
                ['100%', y2],
              ]}
            />
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
            <EdgeLabel
              key={edge.key}
              edge={edge}
              style={{ top: y - 11, ...sides }}
            />
          );
        })}
    </Box>
  );
};

/** The layout in three node columns with two edge columns between them. */
const FlowDiagramAcross = (props: { layout: FlowLayout }) => {
  const { layout } = props;
  const classes = useFlowStyles();
  const height = layout.rows * ROW_HEIGHT;
  const column = (index: 0 | 1 | 2) => (
    <Box className={classes.column} style={{ height }}>
      {layout.nodes
        .filter(n => n.column === index)
        .map(n => (
          <NodeBox
            key={n.key}
            node={n}
            style={{
              top: n.y * ROW_HEIGHT - NODE_HEIGHT / 2,
              left: 0,
              right: 0,
            }}
          />
        ))}
    </Box>
  );
  return (
    <Box className={classes.grid}>
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

/**
 * A data-flow layout: three node columns side by side with the edges between them where the frame
 * is wide enough, else the same columns as bands from top to bottom. Plain HTML boxes (text at its
 * normal size, links that work) over SVG lines; nothing scales the text down to fit.
 */
export const FlowDiagram = (props: { layout: FlowLayout; label: string }) => {
  const variables = useVariables();
  const [ref, { width }] = useMeasure<HTMLDivElement>();
  // before the first measure (and where nothing measures) the frame counts as wide
  const down = width > 0 && width < ACROSS_MIN_WIDTH;
  return (
    <div
      ref={ref}
      className={variables.root}
      role="group"
      aria-label={props.label}
      data-direction={down ? 'down' : 'across'}
    >
      {down ? (
        <FlowDiagramDown layout={props.layout} />
      ) : (
        <FlowDiagramAcross layout={props.layout} />
      )}
    </div>
  );
};
