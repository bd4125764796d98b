import { Box, Grid, Typography } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { JsonObject } from '@meshport/plugin-data-products-common';
import { contractsApiRef } from '@meshport/plugin-data-products-react';
import useAsync from 'react-use/esm/useAsync';
import {
  QualitySection,
  RolesSection,
  SchemaSection,
  SlaSection,
  TermsSection,
} from './ContractSections';
import { DownloadContractButton } from './DownloadContractButton';
import { PendingVersionsCard } from './PendingVersionsCard';

function Fact({ label, value }: { label: string; value?: unknown }) {
  if (value === undefined || value === null || value === '') {
    return null;
  }
  return (
    <Box mr={4} mb={1}>
      <Typography variant="overline" display="block">
        {label}
      </Typography>
      <Typography variant="body2">{String(value)}</Typography>
    </Box>
  );
}

/**
 * The Contract tab of a Dataset: pending breaking changes (a newer major that replaces it), then
 * its ODCS v3.1 data contract as the backend exports it (schema, quality, SLA properties, roles,
 * terms of use), and a button to download it as YAML.
 */
export const EntityContractContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(contractsApiRef);
  const { value, loading, error } = useAsync(
    () => api.getContract(entityRef, 'odcs'),
    [api, entityRef],
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  const contract = value as JsonObject;
  const team = contract.team as JsonObject | undefined;
  const servers = Array.isArray(contract.servers) ? contract.servers.length : 0;
  return (
    <Grid container spacing={3}>
      <PendingVersionsCard datasetRef={entityRef} />
      <Grid item xs={12}>
        <InfoCard
          title="Data contract"
          subheader="Open Data Contract Standard (ODCS) v3.1"
          action={
            <Box mt={1} mr={1}>
              <DownloadContractButton entityRef={entityRef} format="odcs" />
            </Box>
          }
        >
          <Box display="flex" flexWrap="wrap">
            <Fact label="Contract id" value={contract.id} />
            <Fact label="Version" value={contract.version} />
            <Fact label="Status" value={contract.status} />
            <Fact label="Domain" value={contract.domain} />
            <Fact label="Team" value={team?.name} />
            <Fact label="Servers" value={servers} />
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <SchemaSection contract={contract} />
      </Grid>
      <Grid item xs={12}>
        <QualitySection contract={contract} />
      </Grid>
      <Grid item xs={12} md={6}>
        <SlaSection contract={contract} />
      </Grid>
      <Grid item xs={12} md={6}>
        <RolesSection contract={contract} />
      </Grid>
      <Grid item xs={12}>
        <TermsSection contract={contract} />
      </Grid>
    </Grid>
  );
};
