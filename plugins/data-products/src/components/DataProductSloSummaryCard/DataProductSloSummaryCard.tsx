import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Theme,
  Typography,
  useMediaQuery,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityInfoCard,
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { SLO_KINDS } from '@meshport/plugin-data-products-common';
import type {
  DatasetSloSummary,
  SloKind,
} from '@meshport/plugin-data-products-common';
import { slosApiRef } from '@meshport/plugin-data-products-react';
import useAsync from 'react-use/esm/useAsync';
import { SloStatusIndicator } from '../SloTab/SloStatusIndicator';
import {
  SLO_KIND_LABELS,
  formatSli,
  formatTarget,
} from '../SloTab/presentation';
import { TableFrame } from '../shared';

/** Props of {@link DataProductSloSummaryCard}. */
export interface DataProductSloSummaryCardProps {
  title?: string;
  /** Path of the Dataset SLOs tab below the entity page, `slos` by default. */
  sloTabPath?: string;
}

const SloCell = (props: { dataset: DatasetSloSummary; kind: SloKind }) => {
  const slo = props.dataset.slos.find(item => item.kind === props.kind);
  if (!slo) {
    return (
      <Typography variant="body2" color="textSecondary">
        not declared
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="body2">
        <strong>{formatSli(slo.sli)}</strong>
      </Typography>
      <Typography variant="caption" color="textSecondary">
        target {formatTarget(slo.target)}
      </Typography>
    </Box>
  );
};

/** Every objective of a dataset on its own line: the narrow window's one column. */
const ObjectivesCell = (props: { dataset: DatasetSloSummary }) => (
  <>
    {SLO_KINDS.map(kind => {
      const slo = props.dataset.slos.find(item => item.kind === kind);
      return (
        <Typography key={kind} variant="body2">
          {SLO_KIND_LABELS[kind]}{' '}
          {slo ? (
            <>
              <strong>{formatSli(slo.sli)}</strong>
              <Typography
                variant="caption"
                color="textSecondary"
                component="span"
              >
                {' '}
                target {formatTarget(slo.target)}
              </Typography>
            </>
          ) : (
            <Typography
              variant="caption"
              color="textSecondary"
              component="span"
            >
              not declared
            </Typography>
          )}
        </Typography>
      );
    })}
  </>
);

/**
 * The SLO status of every dataset a DataProduct shares, at a glance, each
 * linking to the dataset's SLOs tab.
 */
export const DataProductSloSummaryCard = (
  props: DataProductSloSummaryCardProps,
) => {
  const { title = 'Service levels', sloTabPath = 'slos' } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(slosApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  // below 1280 pixels the card is half a page: the objectives share one column
  const narrow = useMediaQuery<Theme>(theme => theme.breakpoints.down('md'));
  const { value, loading, error } = useAsync(
    () => api.getSloSummary(entityRef),
    [api, entityRef],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.datasets.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        This product shares no datasets yet, so it has no SLOs.
      </Typography>
    );
  } else {
    content = (
      <>
        {value.sampleData && (
          <Box mb={2}>
            <Alert severity="info" role="note" aria-label="Sample data">
              Sample data: these figures come from generated measurements, not
              from a real pipeline.
            </Alert>
          </Box>
        )}
        <TableFrame>
          <Table size="small" aria-label="SLO status per dataset">
            <TableHead>
              <TableRow>
                <TableCell style={{ whiteSpace: 'nowrap' }}>Dataset</TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>Status</TableCell>
                {narrow ? (
                  <TableCell>Objectives</TableCell>
                ) : (
                  SLO_KINDS.map(kind => (
                    <TableCell key={kind} style={{ whiteSpace: 'nowrap' }}>
                      {SLO_KIND_LABELS[kind]}
                    </TableCell>
                  ))
                )}
                <TableCell>Open breaches</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.datasets.map(dataset => (
                <TableRow key={dataset.dataset}>
                  <TableCell>
                    <Link
                      to={`${entityRoute(
                        entityRouteParams(dataset.dataset),
                      )}/${sloTabPath}`}
                    >
                      {dataset.title}
                    </Link>
                    {!dataset.monitoring && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        component="div"
                      >
                        monitoring stopped
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    {dataset.status ? (
                      <SloStatusIndicator status={dataset.status} />
                    ) : (
                      <Typography variant="body2" color="textSecondary">
                        No SLOs declared
                      </Typography>
                    )}
                  </TableCell>
                  {narrow ? (
                    <TableCell>
                      <ObjectivesCell dataset={dataset} />
                    </TableCell>
                  ) : (
                    SLO_KINDS.map(kind => (
                      <TableCell key={kind}>
                        <SloCell dataset={dataset} kind={kind} />
                      </TableCell>
                    ))
                  )}
                  <TableCell>{dataset.openBreaches}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableFrame>
      </>
    );
  }

  return <EntityInfoCard title={title}>{content}</EntityInfoCard>;
};
