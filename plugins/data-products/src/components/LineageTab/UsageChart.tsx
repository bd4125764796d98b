import { Box, Typography, makeStyles, useTheme } from '@material-ui/core';
import type { LineageUsageResponse } from '@meshport/plugin-data-products-common';
import { chartSvgStyle, HorizontalGridLine } from '../shared/chartParts';
import { formatDay, usageSeries } from './presentation';

// The drawing's own coordinates; the SVG scales to its container's width.
const WIDTH = 640;
const HEIGHT = 180;
const PLOT = { left: 40, right: 630, top: 10, bottom: 150 };

const useStyles = makeStyles(theme => ({
  svg: chartSvgStyle(theme),
  axisText: { fill: theme.palette.text.secondary, fontSize: 11 },
  grid: { stroke: theme.palette.divider, strokeWidth: 1 },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    marginRight: 6,
    borderRadius: 2,
  },
}));

/** Reads per consumer per day: stacked bars, one colour per consumer. */
export const UsageChart = (props: {
  usage: LineageUsageResponse;
  today?: Date;
}) => {
  const classes = useStyles();
  const theme = useTheme();
  const series = usageSeries(
    props.usage.daily,
    props.usage.days,
    props.today ?? new Date(),
  );
  const palette = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success?.main ?? '#2e7d32',
    theme.palette.warning?.main ?? '#ed6c02',
    theme.palette.info?.main ?? '#0288d1',
    theme.palette.error.main,
  ];
  const colour = (i: number) => palette[i % palette.length];
  const max = Math.max(series.max, 1);
  const slot = (PLOT.right - PLOT.left) / series.days.length;
  const barWidth = Math.max(1, slot * 0.7);
  const y = (value: number) =>
    PLOT.bottom - (value / max) * (PLOT.bottom - PLOT.top);
  const labelEvery = Math.ceil(series.days.length / 8);
  const total = series.reads.flat().reduce((a, b) => a + b, 0);

  return (
    <Box>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Reads per consumer per day over the last ${series.days.length} days: ${total} in total`}
      >
        {[0, max / 2, max].map(tick => (
          <HorizontalGridLine
            key={tick}
            y={y(tick)}
            left={PLOT.left}
            right={PLOT.right}
            label={Number.isInteger(tick) ? tick : tick.toFixed(1)}
            lineClassName={classes.grid}
            labelClassName={classes.axisText}
            labelProps={{ y: y(tick) + 4 }}
          />
        ))}
        {series.days.map((day, dayIndex) => {
          let base = 0;
          const x = PLOT.left + dayIndex * slot + (slot - barWidth) / 2;
          return (
            <g key={day}>
              {series.consumers.map((consumer, i) => {
                const value = series.reads[i][dayIndex];
                if (!value) return null;
                const top = y(base + value);
                const bottom = y(base);
                base += value;
                return (
                  <rect
                    key={consumer.id}
                    x={x}
                    y={top}
                    width={barWidth}
                    height={Math.max(1, bottom - top)}
                    fill={colour(i)}
                  >
                    <title>{`${consumer.label}: ${value} read${
                      value === 1 ? '' : 's'
                    } on ${formatDay(day)}`}</title>
                  </rect>
                );
              })}
              {dayIndex % labelEvery === 0 && (
                <text
                  className={classes.axisText}
                  x={x + barWidth / 2}
                  y={PLOT.bottom + 16}
                  textAnchor="middle"
                >
                  {formatDay(day)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Box display="flex" flexWrap="wrap" mt={1} style={{ gap: 16 }}>
        {series.consumers.map((consumer, i) => (
          <Typography key={consumer.id} variant="body2" component="span">
            <span
              className={classes.swatch}
              style={{ backgroundColor: colour(i) }}
            />
            {consumer.label}
          </Typography>
        ))}
      </Box>
    </Box>
  );
};
