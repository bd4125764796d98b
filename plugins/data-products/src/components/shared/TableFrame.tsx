import { Fragment, ReactNode } from 'react';
import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  frame: {
    // Backstage's theme lets table cells break words anywhere ("Custome r 360"): a cell here
    // breaks between words only, so a column is at least as wide as its longest word; cells are
    // tighter than the theme's, so a table fits a half-width card at 1024 pixels
    '& td, & th': {
      wordBreak: 'normal',
      overflowWrap: 'normal',
      padding: '6px 8px',
    },
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

/**
 * A location or an identifier (`s3://lake/sales/orders/`, `glue:sales.orders`) that may break
 * after its separators when the column is narrow, and nowhere else.
 */
export const Breakable = (props: { text: string }) => (
  <>
    {props.text.split(/(?<=[/.:])/).map((part, index) => (
      <Fragment key={index}>
        {index > 0 && <wbr />}
        {part}
      </Fragment>
    ))}
  </>
);
