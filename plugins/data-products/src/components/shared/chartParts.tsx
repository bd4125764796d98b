/*
 * Parts the plugin's SVG charts share (usage per consumer, SLI over the
 * window): each is drawn in its own coordinates and scales to its container.
 */
import type { SVGProps } from 'react';
import type { Theme } from '@material-ui/core';
import type { CSSProperties } from '@material-ui/core/styles/withStyles';

/** The style of a chart's `<svg>`: as wide as its container, in the theme's font. */
export const chartSvgStyle = (theme: Theme): CSSProperties => ({
  display: 'block',
  width: '100%',
  height: 'auto',
  fontFamily: theme.typography.fontFamily,
});

/** Props of {@link HorizontalGridLine}. */
export interface HorizontalGridLineProps {
  /** The line's height in the chart's coordinates. */
  y: number;
  /** The plot's left and right edges; the label ends just left of the plot. */
  left: number;
  right: number;
  label: string | number;
  lineClassName: string;
  labelClassName: string;
  /** Overrides of the label's placement, e.g. `dominantBaseline`. */
  labelProps?: SVGProps<SVGTextElement>;
}

/** A horizontal grid line across the plot with its value to the left. */
export const HorizontalGridLine = (props: HorizontalGridLineProps) => {
  const { y, left, right, label, lineClassName, labelClassName } = props;
  return (
    <g>
      <line className={lineClassName} x1={left} x2={right} y1={y} y2={y} />
      <text
        className={labelClassName}
        x={left - 6}
        y={y}
        textAnchor="end"
        {...props.labelProps}
      >
        {label}
      </text>
    </g>
  );
};
