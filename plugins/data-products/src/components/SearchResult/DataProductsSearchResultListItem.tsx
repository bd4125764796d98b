import {
  Box,
  Chip,
  Divider,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Link } from '@backstage/core-components';
import {
  HighlightedSearchResultText,
  useSearch,
  useSearchContextCheck,
} from '@backstage/plugin-search-react';
import type {
  IndexableDocument,
  ResultHighlight,
} from '@backstage/plugin-search-common';
import { ReactNode } from 'react';
import { findMatchedColumn } from './matchedColumn';

/** A DataProduct or Dataset as the Meshport search collator indexes it. */
export interface DataProductsSearchDocument extends IndexableDocument {
  kind: 'DataProduct' | 'Dataset';
  product?: string;
  domain?: string;
  owner?: string;
  access?: string;
  columns?: string[];
  pii?: string;
}

/** Props of {@link DataProductsSearchResultListItem}. */
export interface DataProductsSearchResultListItemProps {
  icon?: ReactNode;
  result?: DataProductsSearchDocument;
  highlight?: ResultHighlight;
  rank?: number;
}

const useSearchTerm = () => {
  const inContext = useSearchContextCheck();
  // eslint-disable-next-line react-hooks/rules-of-hooks
  return inContext ? useSearch().term : undefined;
};

/**
 * A search result for a DataProduct or Dataset: its kind, product, access
 * level, owner and domain, and the column the query matched.
 */
export const DataProductsSearchResultListItem = (
  props: DataProductsSearchResultListItemProps,
) => {
  const { result, highlight, icon } = props;
  const term = useSearchTerm();
  if (!result) return null;
  const matched = findMatchedColumn(result.columns, term);
  const kind = result.kind === 'DataProduct' ? 'Data product' : 'Dataset';
  const title = highlight?.fields.title ? (
    <HighlightedSearchResultText
      text={highlight.fields.title}
      preTag={highlight.preTag}
      postTag={highlight.postTag}
    />
  ) : (
    result.title
  );
  return (
    <>
      <ListItem alignItems="flex-start" aria-label={`${kind} ${result.title}`}>
        {icon && <ListItemIcon>{icon}</ListItemIcon>}
        <ListItemText
          primaryTypographyProps={{ variant: 'h6' }}
          primary={<Link to={result.location}>{title}</Link>}
          secondary={
            <Box component="span" display="block">
              <Typography component="span" variant="body2" display="block">
                {result.text}
              </Typography>
              {matched && (
                <Typography
                  component="span"
                  variant="body2"
                  display="block"
                  aria-label="Matched column"
                >
                  Column <code>{matched}</code>
                </Typography>
              )}
              <Box component="span" display="flex" flexWrap="wrap" mt={1}>
                <Chip size="small" label={kind} />
                {result.kind === 'Dataset' && result.product && (
                  <Chip size="small" label={`Product: ${result.product}`} />
                )}
                {result.access && (
                  <Chip size="small" label={`Access: ${result.access}`} />
                )}
                {result.owner && (
                  <Chip size="small" label={`Owner: ${result.owner}`} />
                )}
                {result.domain && (
                  <Chip size="small" label={`Domain: ${result.domain}`} />
                )}
                {result.pii === 'yes' && (
                  <Chip size="small" color="secondary" label="PII" />
                )}
              </Box>
            </Box>
          }
        />
      </ListItem>
      <Divider component="li" />
    </>
  );
};
