import { ReactNode } from 'react';
import { Grid, Typography, makeStyles } from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  label: {
    color: theme.palette.text.secondary,
    textTransform: 'uppercase',
    fontSize: '10px',
    fontWeight: 'bold',
    letterSpacing: 0.5,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  },
  value: {
    fontWeight: 'bold',
    overflow: 'hidden',
    lineHeight: '24px',
    wordBreak: 'break-word',
  },
}));

/** Props of {@link OverviewField}. */
export interface OverviewFieldProps {
  label: string;
  /** Shown when there are no children, e.g. `unknown`. */
  emptyText?: string;
  /** Grid columns on medium screens and up (of 12). */
  gridSizes?: { xs?: 12 | 6; md?: 12 | 6 | 4 };
  children?: ReactNode;
}

/** A labelled value in an overview card, laid out like the catalog's About card. */
export const OverviewField = (props: OverviewFieldProps) => {
  const { label, emptyText = '—', gridSizes, children } = props;
  const classes = useStyles();
  const isEmpty =
    children === undefined ||
    children === null ||
    children === '' ||
    (Array.isArray(children) && children.length === 0);
  return (
    <Grid item xs={gridSizes?.xs ?? 12} md={gridSizes?.md ?? 6}>
      <Typography variant="h2" className={classes.label}>
        {label}
      </Typography>
      {isEmpty ? (
        <Typography variant="body2" className={classes.value}>
          {emptyText}
        </Typography>
      ) : (
        <div className={classes.value}>{children}</div>
      )}
    </Grid>
  );
};
