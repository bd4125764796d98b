import {
  Box,
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { contractsApiRef } from '@meshport/plugin-data-products-react';
import useAsync from 'react-use/esm/useAsync';

function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * Pending breaking changes: each newer major version, published as another Dataset, that
 * replaces this one on a sunset date, with what changes for consumers. Nothing when none.
 */
export const PendingVersionsCard = ({ datasetRef }: { datasetRef: string }) => {
  const api = useApi(contractsApiRef);
  const { value } = useAsync(
    () => api.getPendingVersions(datasetRef),
    [api, datasetRef],
  );
  if (!value || value.pending.length === 0) {
    return null;
  }
  // A grid item of the tab, only when there is something pending.
  return (
    <Grid item xs={12}>
      <Box display="flex" flexDirection="column" gridGap={16}>
        {value.pending.map(version => {
          const breaking = version.changes.filter(
            c => c.severity === 'breaking',
          );
          const others = version.changes.length - breaking.length;
          return (
            <Alert
              key={version.successor}
              severity="warning"
              role="region"
              aria-label="Pending breaking changes"
            >
              <AlertTitle>
                Pending breaking changes: version {version.version} replaces
                this dataset on {formatDay(version.sunset)}
              </AlertTitle>
              <Typography variant="body2">
                Move to <EntityRefLink entityRef={version.successor} /> before
                the sunset. {breaking.length} breaking{' '}
                {breaking.length === 1 ? 'change' : 'changes'}
                {others > 0 ? ` and ${others} other` : ''}:
              </Typography>
              <List dense disablePadding>
                {breaking.map(change => (
                  <ListItem
                    key={`${change.kind}-${change.path}`}
                    disableGutters
                  >
                    <ListItemText primary={change.message} />
                  </ListItem>
                ))}
              </List>
              {!version.noticeRespected && (
                <Typography variant="body2" color="error">
                  The sunset is sooner than the notice period of{' '}
                  {value.noticePeriod}.
                </Typography>
              )}
            </Alert>
          );
        })}
      </Box>
    </Grid>
  );
};
