import { Box, Typography } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { contractsApiRef } from '@meshport/plugin-data-products-react';
import useAsync from 'react-use/esm/useAsync';
import { DownloadContractButton } from '../ContractTab/DownloadContractButton';

const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);

/**
 * A DataProduct's ODPS v1.0 document: how many input and output ports it declares (each linked
 * to an ODCS contract), with "Download ODPS".
 */
export const DataProductContractCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(contractsApiRef);
  const { value, loading, error } = useAsync(
    () => api.getContract(entityRef, 'odps'),
    [api, entityRef],
  );
  return (
    <InfoCard
      title="Data product descriptor"
      subheader="Open Data Product Standard (ODPS) v1.0"
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Typography variant="body2" paragraph>
          {count(value.outputPorts)} output ports and {count(value.inputPorts)}{' '}
          input ports, each linked to the ODCS contract of its dataset.
        </Typography>
      )}
      <Box>
        <DownloadContractButton entityRef={entityRef} format="odps" />
      </Box>
    </InfoCard>
  );
};
