import { Box, Button, Grid, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  CodeSnippet,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { slosApiRef } from '@meshport/plugin-data-products-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { BreachesCard } from './BreachesCard';
import { SloCard } from './SloCard';
import { collectBreaches, formatTimestamp, hasNoDataYet } from './presentation';

const SLOS_EXAMPLE = `spec:
  slos:
    availability:
      target: 99.5      # % of hourly checks, over 20 days by default
    completeness:
      target: 95        # % of updates no more than 5 % below the recent average
      maxDropPercent: 5
    freshness:
      target: 95        # % of days on which the data was never older than maxAge
      maxAge: 24h`;

const PUSH_EXAMPLE = `POST /api/data-products/slo/measurements
{ "measurements": [
  { "dataset": "<name>", "kind": "update", "at": "<ISO time>", "rowCount": 1200 },
  { "dataset": "<name>", "kind": "availability", "at": "<ISO time>", "available": true }
] }`;

/**
 * The SLOs tab of a Dataset: each declared SLO evaluated now by the Meshport
 * backend, with its error budget, burn rate, the window as a chart and the
 * recent breaches.
 */
export const EntitySloContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(slosApiRef);
  const {
    value: report,
    loading,
    error,
    retry,
  } = useAsyncRetry(() => api.getDatasetSloReport(entityRef), [api, entityRef]);

  if (loading && !report) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!report) {
    return null;
  }

  if (report.slos.length === 0) {
    return (
      <EmptyState
        missing="field"
        title="No SLOs declared"
        description="This dataset promises nothing yet. Declare availability, completeness or freshness objectives under spec.slos in its catalog-info.yaml; Meshport then measures them and shows them here."
        action={<CodeSnippet text={SLOS_EXAMPLE} language="yaml" />}
      />
    );
  }

  const breaches = collectBreaches(report);
  const evaluatedAt = new Date(report.evaluatedAt);

  return (
    <Grid container spacing={3}>
      {report.sampleData && (
        <Grid item xs={12}>
          <Alert severity="info" role="note" aria-label="Sample data">
            <AlertTitle>Sample data</AlertTitle>
            These figures come from measurements Meshport generated for the
            sample datasets (<code>meshport.slo.sampleData</code>), not from a
            real pipeline. Turn it off and push real measurements before relying
            on them.
          </Alert>
        </Grid>
      )}
      {!report.monitoring && (
        <Grid item xs={12}>
          <Alert severity="warning">
            Monitoring of this dataset has stopped (its data product is being
            retired). The figures below are its history.
          </Alert>
        </Grid>
      )}
      {hasNoDataYet(report) && (
        <Grid item xs={12}>
          <Alert severity="info">
            <AlertTitle>No measurements yet</AlertTitle>
            The objectives are declared, but Meshport has not received any
            measurement for this dataset. Pipelines push them, for example:
            <Box mt={1}>
              <CodeSnippet text={PUSH_EXAMPLE} language="http" />
            </Box>
          </Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" gridGap={16}>
          <Typography variant="body2" color="textSecondary">
            Evaluated {formatTimestamp(report.evaluatedAt)}
          </Typography>
          <Button size="small" onClick={retry} disabled={loading}>
            Refresh
          </Button>
        </Box>
      </Grid>
      {report.slos.map(slo => (
        <Grid item xs={12} lg={report.slos.length > 1 ? 6 : 12} key={slo.kind}>
          <SloCard slo={slo} />
        </Grid>
      ))}
      <Grid item xs={12}>
        <BreachesCard breaches={breaches} now={evaluatedAt} />
      </Grid>
    </Grid>
  );
};
