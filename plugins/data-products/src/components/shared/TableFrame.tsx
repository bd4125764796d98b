import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  frame: {
    // Backstage's theme lets table cells break words anywhere ("Custome r 360"): a cell here
    // breaks between words only, so a column is at least as wide as its longest word
    '& td, & th': { wordBreak: 'normal', overflowWrap: 'normal' },
    // a table wider than its card scrolls inside the card instead of being cut off
    overflowX: 'auto',
    maxWidth: '100%',
  },
});

/**
 * The frame of every Meshport table: words are never split across lines and
 * a table wider than its card scrolls inside it.
 */
export const TableFrame = (props: { children: ReactNode }) => {
  const classes = useStyles();
  return <div className={classes.frame}>{props.children}</div>;
};

/** A cell style that keeps a short value (a date, a status, a number) on one line. */
export const oneLine = { whiteSpace: 'nowrap' as const };
