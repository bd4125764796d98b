import { Fragment, useId } from 'react';
import { Box, Typography, makeStyles } from '@material-ui/core';
import type { FlowLayout, PlacedEdge } from './layout';
import {
  ArrowMarker,
  EdgeLabel,
  EdgeLines,
  HEADING_HEIGHT,
  NODE_HEIGHT,
  NodeBox,
  useFlowStyles,
} from './parts';

/** Height of the stretch between two bands where the edges run (the next heading sits below it). */
const EDGE_HEIGHT = 76;
/** The widest a node gets when a band has room to spare. */
const NODE_MAX_WIDTH = 260;

const useStyles = makeStyles(theme => ({
  band: { position: 'relative' },
  heading: {
    position: 'absolute',
    left: 0,
    bottom: 0,
    zIndex: 1,
    paddingRight: theme.spacing(1),
    background: theme.palette.background.paper,
  },
}));

/** Where lane `y` (a row of the across drawing) sits across the frame, in percent. */
const xOf = (y: number, rows: number) => `${(y / rows) * 100}%`;

/** A box centred on lane `y`, one lane wide (less a gap), at most `max` px. */
const centred = (y: number, rows: number, max: number) => ({
  left: xOf(y, rows),
  width: `min(${max}px, calc(${100 / rows}% - 8px))`,
  transform: 'translateX(-50%)',
});

/** Where an edge turns sideways: away from its labelled end, so the label rides a straight stretch. */
function bendOf(edge: PlacedEdge): number {
  if (edge.labelAt === 'to') return 14;
  if (edge.labelAt === 'from') return EDGE_HEIGHT - 14;
  return EDGE_HEIGHT / 2;
}

/** The edges from band `from` into the next, with the next band's heading below them. */
const EdgeBand = (props: {
  layout: FlowLayout;
  from: 0 | 1;
  heading: string;
}) => {
  const { layout } = props;
  const flow = useFlowStyles();
  const classes = useStyles();
  const marker = `${useId().replace(/:/g, '')}-arrow`;
  const edges = layout.edges.filter(e => e.from === props.from);
  const height = EDGE_HEIGHT + HEADING_HEIGHT;
  return (
    <Box className={classes.band} style={{ height }}>
      <svg className={flow.svg} width="100%" height="100%" aria-hidden="true">
        <ArrowMarker id={marker} />
        {edges.map(edge => {
          const x1 = xOf(edge.fromY, layout.rows);
          const x2 = xOf(edge.toY, layout.rows);
          const bend = bendOf(edge);
          return (
            <EdgeLines
              key={edge.key}
              edge={edge}
              marker={marker}
              points={[
                [x1, 0],
                [x1, bend],
                [x2, bend],
                [x2, height],
              ]}
            />
          );
        })}
      </svg>
      {edges
        .filter(edge => edge.label)
        .map(edge => {
          const y = edge.labelAt === 'to' ? edge.toY : edge.fromY;
          const top = edge.labelAt === 'to' ? bendOf(edge) + 12 : 6;
          return (
            <EdgeLabel
              key={edge.key}
              edge={edge}
              style={{ top, ...centred(y, layout.rows, 200) }}
            />
          );
        })}
      <Typography
        variant="overline"
        component="div"
        className={`${flow.heading} ${classes.heading}`}
      >
        {props.heading}
      </Typography>
    </Box>
  );
};

/**
 * The layout drawn top to bottom, for a frame too narrow for the three columns side by side: each
 * column becomes a band of nodes under its heading, and each row of the across drawing a lane.
 */
export const FlowDiagramDown = (props: { layout: FlowLayout }) => {
  const { layout } = props;
  const flow = useFlowStyles();
  const classes = useStyles();
  return (
    <Box>
      {([0, 1, 2] as const).map(column => (
        <Fragment key={column}>
          {column === 0 ? (
            <Typography
              variant="overline"
              component="div"
              className={flow.heading}
            >
              {layout.headings[0]}
            </Typography>
          ) : (
            <EdgeBand
              layout={layout}
              from={(column - 1) as 0 | 1}
              heading={layout.headings[column]}
            />
          )}
          <Box className={classes.band} style={{ height: NODE_HEIGHT }}>
            {layout.nodes
              .filter(n => n.column === column)
              .map(n => (
                <NodeBox
                  key={n.key}
                  node={n}
                  style={{
                    top: 0,
                    ...centred(n.y, layout.rows, NODE_MAX_WIDTH),
                  }}
                />
              ))}
          </Box>
        </Fragment>
      ))}
    </Box>
  );
};
