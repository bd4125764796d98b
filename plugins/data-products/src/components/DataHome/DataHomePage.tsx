import { useState } from 'react';
import {
  Box,
  Card,
  CardContent,
  Chip,
  FormControl,
  Grid,
  InputLabel,
  MenuItem,
  Select,
  TextField,
  Typography,
} from '@material-ui/core';
import {
  Content,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  accessRequestsApiRef,
  slosApiRef,
} from '@meshport/plugin-data-products-react';
import { SLO_STATUSES, SloStatus } from '@meshport/plugin-data-products-common';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { AccessLevelChip } from '../AccessLevelChip';
import { entityPath } from '../RetirementTab/presentation';
import { SLO_STATUS_LABELS } from '../SloTab/presentation';
import { SloStatusIndicator } from '../SloTab/SloStatusIndicator';
import {
  CARD_FIELDS,
  DataCard,
  DataFilters,
  domainsOfProducts,
  FACET_FIELDS,
  FacetName,
  facetOptions,
  HOME_KINDS,
  homeFilter,
  homeTextFilter,
  productsOf,
  toCards,
} from './model';

const PAGE = 24;
// by title (the catalog orders by one field; products and datasets mix)
const ORDER = { field: 'metadata.title', order: 'asc' as const };

/** Props of {@link DataHomePage}. */
export interface DataHomePageProps {
  title?: string;
  /** Where the search box sends a query (default `/search`). */
  searchPath?: string;
  /** Leave the header out: in the new frontend system the page layout draws it. */
  noHeader?: boolean;
}

const Glance = () => {
  const access = useApi(accessRequestsApiRef);
  const { value } = useAsync(async () => {
    const [awaiting, mine] = await Promise.all([
      access.listAccessRequests({ awaitingMyDecision: true, limit: 1 }),
      access.listAccessRequests({
        mine: true,
        status: ['approved', 'granted'],
        limit: 1,
      }),
    ]);
    return { awaiting: awaiting.totalCount, mine: mine.totalCount };
  }, [access]);
  return (
    <>
      <Typography variant="body2" aria-label="Awaiting my decision">
        <Link to="/access-requests">
          {value ? value.awaiting : '…'} awaiting my decision
        </Link>
      </Typography>
      <Typography variant="body2" aria-label="My access">
        <Link to="/access-requests">
          {value ? value.mine : '…'} grants I asked for
        </Link>
      </Typography>
    </>
  );
};

const Facet = (props: {
  label: string;
  value?: string;
  options: Array<{ value: string; count: number }>;
  onChange: (value?: string) => void;
  format?: (value: string) => string;
}) => (
  <FormControl fullWidth margin="dense" variant="outlined" size="small">
    <InputLabel>{props.label}</InputLabel>
    <Select
      label={props.label}
      value={props.value ?? ''}
      onChange={e => props.onChange((e.target.value as string) || undefined)}
      inputProps={{ 'aria-label': props.label }}
    >
      <MenuItem value="">Any</MenuItem>
      {props.options.map(o => (
        <MenuItem key={o.value} value={o.value}>
          {(props.format ?? (v => v))(o.value)} ({o.count})
        </MenuItem>
      ))}
    </Select>
  </FormControl>
);

const DataCardView = ({ card, slo }: { card: DataCard; slo?: SloStatus }) => (
  <Card variant="outlined" style={{ height: '100%' }} aria-label={card.title}>
    <CardContent>
      <Typography variant="overline">
        {card.kind === 'DataProduct' ? 'Data product' : 'Dataset'}
      </Typography>
      <Typography variant="h6">
        <Link to={entityPath(card.ref)}>{card.title}</Link>
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {card.description || 'No description.'}
      </Typography>
      <Typography variant="body2">
        {card.domain && (
          <>
            Domain: <EntityRefLink entityRef={card.domain} />{' '}
          </>
        )}
        {card.owner && (
          <>
            Owner: <EntityRefLink entityRef={card.owner} />
          </>
        )}
      </Typography>
      {card.product && (
        <Typography variant="body2">
          Product: <EntityRefLink entityRef={card.product} />
        </Typography>
      )}
      <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {card.access && <AccessLevelChip access={card.access as any} />}
        {card.pii && <Chip size="small" color="secondary" label="PII" />}
        {card.lifecycle && <Chip size="small" label={card.lifecycle} />}
        {slo && (
          <Chip
            size="small"
            variant="outlined"
            aria-label={`SLO status: ${SLO_STATUS_LABELS[slo]}`}
            label={<SloStatusIndicator status={slo} />}
          />
        )}
        <Chip
          size="small"
          variant="outlined"
          label={
            card.kind === 'Dataset'
              ? `${card.consumers} consumer${card.consumers === 1 ? '' : 's'}`
              : `${card.datasets} dataset${card.datasets === 1 ? '' : 's'}`
          }
        />
      </Box>
    </CardContent>
  </Card>
);

/**
 * The portal's home for data: search (by column too), facets, cards for
 * every data product and dataset, and what waits for the viewer.
 */
export const DataHomePage = (props: DataHomePageProps) => {
  const { title = 'Data', searchPath = '/search', noHeader } = props;
  const catalog = useApi(catalogApiRef);
  const slos = useApi(slosApiRef);
  const identity = useApi(identityApiRef);
  const navigate = useNavigate();
  const [filters, setFilters] = useState<DataFilters>({});
  const [query, setQuery] = useState('');
  const [more, setMore] = useState<{ cards: DataCard[]; cursor?: string }>();

  // the facets' counts over every product and dataset, counted by the catalog
  const facets = useAsync(
    () =>
      catalog.getEntityFacets({
        filter: { kind: HOME_KINDS },
        facets: Object.values(FACET_FIELDS),
      }),
    [catalog],
  );
  // every product's and dataset's SLO status: the cards' chips and the facet's counts
  const sloStatuses = useAsync(
    async () =>
      new Map(
        (await slos.getSloStatuses()).items.map(i => [i.entityRef, i.status]),
      ),
    [slos],
  );
  const mine = useAsync(async () => {
    const { ownershipEntityRefs } = await identity.getBackstageIdentity();
    const { totalItems } = await catalog.queryEntities({
      filter: { kind: 'DataProduct', 'relations.ownedBy': ownershipEntityRefs },
      fields: ['kind'],
      limit: 1,
    });
    return { ownership: ownershipEntityRefs, count: totalItems };
  }, [catalog, identity]);
  // one page of cards for the filters (a domain's datasets: through its products)
  const page = useAsync(async () => {
    setMore(undefined);
    const domainProducts = filters.domain
      ? (
          await catalog.queryEntities({
            filter: { kind: 'DataProduct', 'relations.partOf': filters.domain },
            fields: ['kind', 'metadata.namespace', 'metadata.name'],
            limit: 1000,
          })
        ).items.map(e => stringifyEntityRef(e))
      : [];
    // an SLO status: the catalog pages through the refs the SLO feature gives
    const sloRefs = filters.slo
      ? (
          await slos.getSloStatuses({ status: [filters.slo as SloStatus] })
        ).items.map(i => i.entityRef)
      : [];
    // unfiltered, the total is the kind facet's sum: the page need not count
    const filtered = Object.values(filters).some(
      v => v !== undefined && v !== '',
    );
    const response = await catalog.queryEntities({
      filter: homeFilter(filters, domainProducts, sloRefs),
      fullTextFilter: homeTextFilter(filters),
      orderFields: ORDER,
      fields: CARD_FIELDS,
      limit: PAGE,
      totalItems: filtered ? 'include' : 'exclude',
    });
    return {
      cards: toCards(response.items),
      total: filtered ? response.totalItems : undefined,
      cursor: response.pageInfo.nextCursor,
    };
  }, [catalog, slos, filters]);
  const [, showMore] = useAsyncFn(
    async (cursor: string) => {
      const response = await catalog.queryEntities({
        cursor,
        fields: CARD_FIELDS,
        limit: PAGE,
      });
      setMore(m => ({
        cards: [...(m?.cards ?? []), ...toCards(response.items)],
        cursor: response.pageInfo.nextCursor,
      }));
    },
    [catalog],
  );
  const shownCards = [...(page.value?.cards ?? []), ...(more?.cards ?? [])];
  const cursor = more ? more.cursor : page.value?.cursor;
  // the shown datasets' domains, from their products, in one request
  const domains = useAsync(async () => {
    const products = productsOf(shownCards);
    if (!products.length) return new Map<string, string>();
    const { items } = await catalog.getEntitiesByRefs({
      entityRefs: products,
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'relations'],
    });
    return domainsOfProducts(items.flatMap(e => (e ? [e] : [])));
  }, [catalog, shownCards.map(c => c.ref).join()]);
  const cards = shownCards.map(card =>
    card.product && !card.domain
      ? { ...card, domain: domains.value?.get(card.product) }
      : card,
  );
  const options = (name: FacetName) => facetOptions(facets.value?.facets, name);
  const sloOptions = SLO_STATUSES.map(value => ({
    value,
    count: [...(sloStatuses.value?.values() ?? [])].filter(s => s === value)
      .length,
  })).filter(o => o.count > 0);
  const kindTotal = facets.value
    ? options('kind').reduce((sum, o) => sum + o.count, 0)
    : undefined;
  const set = (patch: Partial<DataFilters>) =>
    setFilters(f => ({ ...f, ...patch }));
  const loading = page.loading;
  const error = page.error ?? facets.error;

  const content = (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <form
            onSubmit={e => {
              e.preventDefault();
              if (query.trim()) {
                navigate(
                  `${searchPath}?query=${encodeURIComponent(query.trim())}`,
                );
              }
            }}
          >
            <TextField
              fullWidth
              variant="outlined"
              label="Search data"
              placeholder="A name, a word, or a column such as delivered_at"
              value={query}
              onChange={e => setQuery(e.target.value)}
              inputProps={{ 'aria-label': 'Search data' }}
            />
          </form>
        </Grid>
        <Grid item xs={12} md={3}>
          <InfoCard title="At a glance">
            <Typography variant="body2" aria-label="My products">
              <Link
                to="#"
                onClick={e => {
                  e.preventDefault();
                  set({ owners: mine.value?.ownership, kind: 'DataProduct' });
                }}
              >
                {mine.value ? mine.value.count : '…'} data product
                {mine.value?.count === 1 ? '' : 's'} my teams own
              </Link>
            </Typography>
            <Glance />
          </InfoCard>
          <Box mt={2}>
            <InfoCard title="Filter">
              <TextField
                fullWidth
                margin="dense"
                size="small"
                variant="outlined"
                label="Title or description"
                value={filters.text ?? ''}
                onChange={e => set({ text: e.target.value })}
                inputProps={{ 'aria-label': 'Title or description' }}
              />
              <Facet
                label="Kind"
                value={filters.kind}
                options={options('kind')}
                onChange={v => set({ kind: v })}
                format={v =>
                  v.toLocaleLowerCase('en-US') === 'dataproduct'
                    ? 'Data product'
                    : 'Dataset'
                }
              />
              <Facet
                label="Domain"
                value={filters.domain}
                options={options('domain')}
                onChange={v => set({ domain: v })}
                format={v => v.slice(v.indexOf('/') + 1)}
              />
              <Facet
                label="Type"
                value={filters.type}
                options={options('type')}
                onChange={v => set({ type: v })}
              />
              <Facet
                label="Access"
                value={filters.access}
                options={options('access')}
                onChange={v => set({ access: v })}
              />
              <Facet
                label="Classification"
                value={filters.classification}
                options={options('classification')}
                onChange={v => set({ classification: v })}
              />
              <Facet
                label="SLO status"
                value={filters.slo}
                options={sloOptions}
                onChange={v => set({ slo: v })}
                format={v => SLO_STATUS_LABELS[v as SloStatus] ?? v}
              />
              <Facet
                label="Lifecycle"
                value={filters.lifecycle}
                options={options('lifecycle')}
                onChange={v => set({ lifecycle: v })}
              />
              {filters.owners && (
                <Chip
                  size="small"
                  label="Owned by my teams"
                  onDelete={() => set({ owners: undefined })}
                />
              )}
            </InfoCard>
          </Box>
        </Grid>
        <Grid item xs={12} md={9}>
          {loading && <Progress />}
          {error && <ResponseErrorPanel error={error} />}
          {page.value && (
            <Typography variant="body2" color="textSecondary" gutterBottom>
              {cards.length} of {page.value.total ?? kindTotal ?? '…'}
            </Typography>
          )}
          <Grid container spacing={2} aria-label="Data">
            {cards.map(card => (
              <Grid item xs={12} sm={6} lg={4} key={card.ref}>
                <DataCardView
                  card={card}
                  slo={sloStatuses.value?.get(card.ref)}
                />
              </Grid>
            ))}
          </Grid>
          {!loading && cursor && (
            <Box mt={2}>
              <Link
                to="#"
                onClick={e => {
                  e.preventDefault();
                  showMore(cursor);
                }}
              >
                Show more
              </Link>
            </Box>
          )}
        </Grid>
      </Grid>
    </Content>
  );
  if (noHeader) return content;
  return (
    <Page themeId="home">
      <Header
        title={title}
        subtitle="Find data products and datasets, by name, description or column"
      />
      {content}
    </Page>
  );
};
