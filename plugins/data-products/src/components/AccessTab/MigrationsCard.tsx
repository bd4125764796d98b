import { useState } from 'react';
import {
  Box,
  Button,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useApi } from '@backstage/core-plugin-api';
import {
  accessRequestsApiRef,
  lineageApiRef,
} from '@meshport/plugin-data-products-react';
import type { Consumption } from '@meshport/plugin-data-products-common';
import useAsync from 'react-use/esm/useAsync';
import { acceptedText, formatDay, majorLabel, resultText } from './migration';

/** One input a newer version replaces: what changes, and the button to accept. */
const MigrationItem = (props: {
  input: Consumption & { migration: NonNullable<Consumption['migration']> };
  canMigrate: boolean;
  onChanged: () => void;
}) => {
  const { input, canMigrate, onChanged } = props;
  const { migration } = input;
  const api = useApi(accessRequestsApiRef);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<Error>();
  const label = `Migrate to ${majorLabel(migration.version)}`;
  const accepted = acceptedText(migration);

  const accept = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const response = await api.migrateAccessRequest(input.request!.id, {
        successor: migration.successor,
      });
      setResult(resultText(response, migration));
      onChanged();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box mb={3} aria-label={`${label}: ${input.datasetTitle}`} role="group">
      <Typography variant="h6">
        {label}: {migration.successorTitle}
      </Typography>
      <Typography variant="body2">
        <EntityRefLink entityRef={input.dataset} defaultKind="Dataset" /> is
        replaced by{' '}
        <EntityRefLink entityRef={migration.successor} defaultKind="Dataset" />{' '}
        (version {migration.version}) and stops being served after{' '}
        <strong>{formatDay(migration.sunset)}</strong>.
        {migration.needsApproval
          ? ' Its access is tighter: accepting asks its owners.'
          : ' Accepting moves this product’s access at once, in the same environments and until the same end.'}
      </Typography>
      {migration.changes.length > 0 && (
        <List dense aria-label={`Changes in ${migration.successorTitle}`}>
          {migration.changes.map((change, index) => (
            <ListItem key={`${change.path}-${index}`} disableGutters>
              <ListItemText
                primary={change.message}
                secondary={
                  change.severity === 'breaking' ? 'Breaking' : 'Not breaking'
                }
              />
            </ListItem>
          ))}
        </List>
      )}
      {result && <Alert severity="success">{result}</Alert>}
      {!result && accepted && <Alert severity="info">{accepted}</Alert>}
      {error && <ResponseErrorPanel error={error} />}
      {!result && !accepted && canMigrate && (
        <Button
          variant="contained"
          color="primary"
          disabled={busy}
          onClick={accept}
        >
          {label}
        </Button>
      )}
      {!result && !accepted && !canMigrate && (
        <Typography variant="body2" color="textSecondary">
          Only the owners of this product can accept the new version.
        </Typography>
      )}
    </Box>
  );
};

/**
 * "Migrate to v2" on a consuming product's Access tab: the inputs it holds or
 * asked for that a newer major version replaces, as the server's consumption
 * model says. Nothing shows when there are none.
 */
export const MigrationsCard = (props: {
  productRef: string;
  /** The server's permission decision for this product (access-request.create). */
  canMigrate: boolean;
  refreshKey: number;
  onChanged: () => void;
}) => {
  const { productRef, canMigrate, refreshKey, onChanged } = props;
  const api = useApi(lineageApiRef);
  const { value, loading, error } = useAsync(
    () => api.getConsumption(productRef),
    [api, productRef, refreshKey],
  );
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const inputs = (value?.inputs ?? []).filter(
    (
      input,
    ): input is Consumption & {
      migration: NonNullable<Consumption['migration']>;
    } => !!input.migration,
  );
  if (inputs.length === 0) return null;
  return (
    <InfoCard
      title="New versions of the datasets this product reads"
      subheader="Each old version stops on its sunset: accept the new one before then."
    >
      {inputs.map(input => (
        <MigrationItem
          key={input.dataset}
          input={input}
          canMigrate={canMigrate}
          onChanged={onChanged}
        />
      ))}
    </InfoCard>
  );
};
