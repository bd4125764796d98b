import { useId } from 'react';
import { Box, Typography, makeStyles, useTheme } from '@material-ui/core';
import type {
  SloReport,
  SloSeriesPoint,
} from '@meshport/plugin-data-products-common';
import {
  BucketState,
  bucketState,
  cumulativeSli,
  linePath,
  sliAxis,
  tickIndices,
} from './chart';
import {
  SLO_KIND_LABELS,
  describeChart,
  formatSli,
  formatTarget,
} from './presentation';
import { chartSvgStyle, HorizontalGridLine } from '../shared/chartParts';

// The drawing's own coordinates; the SVG scales to its container's width.
const WIDTH = 640;
const HEIGHT = 220;
const PLOT = { left: 56, right: 628, top: 12, bottom: 132 };
const STRIP = { top: 140, height: 12 };
const X_LABELS_Y = 170;
const X_TITLE_Y = 198;

const useStyles = makeStyles(theme => ({
  svg: chartSvgStyle(theme),
  axisText: {
    fill: theme.palette.text.secondary,
    fontSize: 11,
  },
  axisTitle: {
    fill: theme.palette.text.secondary,
    fontSize: 12,
  },
  grid: {
    stroke: theme.palette.divider,
    strokeWidth: 1,
  },
  target: {
    stroke: theme.palette.status.warning,
    strokeWidth: 1.5,
    strokeDasharray: '6 4',
  },
  targetText: {
    fill: theme.palette.text.primary,
    fontSize: 11,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  line: {
    stroke: theme.palette.primary.main,
    strokeWidth: 1.5,
    strokeLinejoin: 'round',
    fill: 'none',
  },
  cumulative: {
    stroke: theme.palette.text.secondary,
    strokeWidth: 1.5,
    strokeDasharray: '2 3',
    fill: 'none',
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(0.5),
  },
  legendItem: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
  },
}));

const BUCKET_STATE_WORDS: Record<BucketState, string> = {
  good: 'good',
  partial: 'partly good',
  bad: 'bad',
  empty: 'no data',
};

/** A date, with the time of day when it matters (hours of a short span). */
function formatTime(iso: string, withTime: boolean) {
  const date = new Date(iso);
  return withTime
    ? date.toLocaleString(undefined, {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** Axis labels show the time of day only when the window spans two days or less. */
function axisShowsTime(series: SloSeriesPoint[]): boolean {
  if (series.length < 2) {
    return true;
  }
  const span =
    new Date(series[series.length - 1].at).getTime() -
    new Date(series[0].at).getTime();
  return span <= 2 * 24 * 3_600_000;
}

/** The tooltip of one bucket: when, what happened, and the kind's own detail. */
function describeBucket(
  point: SloSeriesPoint,
  granularity: SloReport['granularity'],
): string {
  const when = formatTime(point.at, granularity === 'hour');
  if (point.total === 0) {
    return `${when}: no data`;
  }
  const details = [`${point.good} of ${point.total} good`];
  if (point.rowCount !== undefined) {
    details.push(`${point.rowCount.toLocaleString()} rows`);
  }
  if (point.maxAgeHours !== undefined) {
    details.push(`data up to ${Math.round(point.maxAgeHours)} h old`);
  }
  return `${when}: ${details.join(', ')}`;
}

/**
 * The SLO's window as a chart: the SLI of each bucket against the target (the
 * main line, so a bad stretch shows where it happened), the SLI since the
 * window's start as a secondary dotted line, and below them one mark per hour
 * or day, coloured by how that bucket went, so that gaps stand out.
 */
export const SloChart = (props: { slo: SloReport }) => {
  const { slo } = props;
  const classes = useStyles();
  const theme = useTheme();
  const colors: Record<BucketState, string> = {
    good: theme.palette.status.ok,
    partial: theme.palette.status.warning,
    bad: theme.palette.status.error,
    empty: theme.palette.action.disabledBackground,
  };
  const id = useId();
  const name = SLO_KIND_LABELS[slo.kind];
  const { series, granularity } = slo;
  const values = series.map(point => point.value);
  const cumulative = cumulativeSli(series);
  const axis = sliAxis([...values, ...cumulative], slo.target);
  const count = Math.max(series.length, 1);
  const bucketWidth = (PLOT.right - PLOT.left) / count;
  const x = (index: number) => PLOT.left + (index + 0.5) * bucketWidth;
  const y = (value: number) =>
    PLOT.bottom -
    ((value - axis.min) / (axis.max - axis.min)) * (PLOT.bottom - PLOT.top);
  const targetY = y(slo.target);
  const unit = granularity === 'hour' ? 'hourly' : 'daily';
  const showTime = granularity === 'hour' && axisShowsTime(series);

  return (
    <Box>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-testid={`slo-chart-${slo.kind}`}
      >
        <title id={`${id}-title`}>{`${name} over the window`}</title>
        <desc id={`${id}-desc`}>{describeChart(slo)}</desc>

        {axis.ticks.map(tick => (
          <HorizontalGridLine
            key={tick}
            y={y(tick)}
            left={PLOT.left}
            right={PLOT.right}
            label={formatSli(tick)}
            lineClassName={classes.grid}
            labelClassName={classes.axisText}
            labelProps={{ dominantBaseline: 'middle' }}
          />
        ))}
        <text
          className={classes.axisTitle}
          transform={`translate(12 ${
            (PLOT.top + PLOT.bottom) / 2
          }) rotate(-90)`}
          textAnchor="middle"
        >
          SLI (%)
        </text>

        <line
          className={classes.target}
          x1={PLOT.left}
          x2={PLOT.right}
          y1={targetY}
          y2={targetY}
        />
        <text
          className={classes.targetText}
          x={PLOT.right - 4}
          y={targetY - 5}
          textAnchor="end"
        >
          {`target ${formatTarget(slo.target)}`}
        </text>

        <path
          className={classes.cumulative}
          d={linePath(cumulative, x, y)}
          data-testid="slo-chart-cumulative"
        />
        <path
          className={classes.line}
          d={linePath(values, x, y)}
          data-testid="slo-chart-line"
        />

        {series.map((point, index) => {
          const state = bucketState(point);
          return (
            <rect
              key={point.at}
              fill={colors[state]}
              x={PLOT.left + index * bucketWidth}
              y={STRIP.top}
              width={Math.max(bucketWidth - (bucketWidth > 4 ? 1 : 0), 0.5)}
              height={STRIP.height}
              data-state={state}
            >
              <title>{`${describeBucket(point, granularity)} (${
                BUCKET_STATE_WORDS[state]
              })`}</title>
            </rect>
          );
        })}

        {tickIndices(series.length, 5).map((index, position, all) => {
          // The end labels align with the plot's edges so they never overflow.
          let anchor: 'start' | 'middle' | 'end' = 'middle';
          let labelX = x(index);
          if (position === 0) {
            anchor = 'start';
            labelX = PLOT.left;
          } else if (position === all.length - 1) {
            anchor = 'end';
            labelX = PLOT.right;
          }
          return (
            <text
              key={series[index].at}
              className={classes.axisText}
              x={labelX}
              y={X_LABELS_Y}
              textAnchor={anchor}
            >
              {formatTime(series[index].at, showTime)}
            </text>
          );
        })}
        <text
          className={classes.axisTitle}
          x={(PLOT.left + PLOT.right) / 2}
          y={X_TITLE_Y}
          textAnchor="middle"
        >
          {`Time (${unit} buckets, local time)`}
        </text>
      </svg>
      <Box className={classes.legend} aria-hidden="true">
        <Typography variant="caption" className={classes.legendItem}>
          <svg width="18" height="10">
            <line x1="0" x2="18" y1="5" y2="5" className={classes.line} />
          </svg>
          {`SLI of each ${granularity === 'hour' ? 'hour' : 'day'}`}
        </Typography>
        <Typography variant="caption" className={classes.legendItem}>
          <svg width="18" height="10">
            <line x1="0" x2="18" y1="5" y2="5" className={classes.cumulative} />
          </svg>
          SLI since the window's start
        </Typography>
        <Typography variant="caption" className={classes.legendItem}>
          <svg width="18" height="10">
            <line x1="0" x2="18" y1="5" y2="5" className={classes.target} />
          </svg>
          Target
        </Typography>
        {(['good', 'partial', 'bad', 'empty'] as const).map(state => (
          <Typography
            key={state}
            variant="caption"
            className={classes.legendItem}
          >
            <span
              className={classes.swatch}
              style={{ backgroundColor: colors[state] }}
            />
            {`${granularity === 'hour' ? 'Hour' : 'Day'} ${
              BUCKET_STATE_WORDS[state]
            }`}
          </Typography>
        ))}
      </Box>
    </Box>
  );
};
