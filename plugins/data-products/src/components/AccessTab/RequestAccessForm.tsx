import { FormEvent, useId, useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityDisplayName,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import { accessRequestsApiRef } from '@meshport/plugin-data-products-react';
import {
  getDatasetProductRef,
  isDataProductEntity,
  type AccessRequest,
  type DataProductEntity,
  type DatasetEntity,
} from '@meshport/plugin-data-products-common';
import useAsync from 'react-use/esm/useAsync';
import useMountedState from 'react-use/esm/useMountedState';
import {
  DEFAULT_DURATION,
  DURATION_CHOICES,
  describeAccessStatus,
  toRequestedDuration,
} from './presentation';
import { messageOf, sameRef } from './refs';
import type { Viewer } from './useViewer';

/** The DataProducts owned by the viewer or one of their groups, by title. */
function useOwnedProducts(viewer: Viewer, exclude: string) {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'DataProduct',
        'relations.ownedBy': viewer.ownershipEntityRefs,
      },
    });
    return items
      .filter(isDataProductEntity)
      .filter(product => stringifyEntityRef(product) !== exclude)
      .sort((a, b) =>
        (a.metadata.title ?? a.metadata.name).localeCompare(
          b.metadata.title ?? b.metadata.name,
        ),
      );
  }, [catalogApi, viewer.ownershipEntityRefs.join(','), exclude]);
}

export interface RequestAccessFormProps {
  dataset: DatasetEntity;
  viewer: Viewer;
  /** Called with the created request (pending, or approved at once). */
  onCreated: (request: AccessRequest) => void;
  /** The consuming product to preselect (e.g. a declared input port's product). */
  initialConsumer?: string;
  /** The purpose to start from (e.g. the input port's purpose in the spec). */
  initialPurpose?: string;
}

/**
 * Asks for access to a dataset on behalf of one of the viewer's data
 * products: purpose, duration and the product's environments.
 */
export const RequestAccessForm = (props: RequestAccessFormProps) => {
  const { dataset, viewer, onCreated, initialConsumer, initialPurpose } = props;
  const api = useApi(accessRequestsApiRef);
  const isMounted = useMountedState();
  // unique per form: a page may hold the tab's form and an in-place one
  const id = useId();
  const datasetRef = stringifyEntityRef(dataset);
  const products = useOwnedProducts(viewer, getDatasetProductRef(dataset));

  const [chosen, setConsumer] = useState<string>();
  const [purpose, setPurpose] = useState(initialPurpose ?? '');
  const [duration, setDuration] = useState(DEFAULT_DURATION);
  // environments unticked by the user; all the product's are asked by default
  const [unticked, setUnticked] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<
    { created: AccessRequest } | { error: unknown }
  >();

  if (products.loading) {
    return <Progress />;
  }
  if (products.error) {
    return <ResponseErrorPanel error={products.error} />;
  }
  const owned: DataProductEntity[] = products.value ?? [];
  // the preselected product, spelled as the catalog spells it (refs compare case-insensitively)
  const consumer =
    chosen ??
    owned
      .map(p => stringifyEntityRef(p))
      .find(ref => sameRef(ref, initialConsumer)) ??
    '';
  if (owned.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Access is requested on behalf of a data product. None of your groups
        owns a data product that could consume this dataset.
      </Typography>
    );
  }

  const selected = owned.find(p => stringifyEntityRef(p) === consumer);
  const productEnvironments = selected?.spec.environments ?? [];
  const environments = productEnvironments.filter(e => !unticked.includes(e));
  const noEnvironment =
    productEnvironments.length > 0 && environments.length === 0;
  const canSubmit =
    Boolean(selected) && purpose.trim() !== '' && !noEnvironment && !submitting;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit) return;
    setSubmitting(true);
    setResult(undefined);
    try {
      const created = await api.createAccessRequest({
        consumer,
        dataset: datasetRef,
        purpose: purpose.trim(),
        duration: toRequestedDuration(duration),
        // A product without spec.environments gets every environment (server default).
        ...(productEnvironments.length > 0 ? { environments } : {}),
      });
      if (!isMounted()) return;
      setResult({ created });
      setPurpose('');
      onCreated(created);
    } catch (error) {
      if (!isMounted()) return;
      setResult({ error });
    } finally {
      if (isMounted()) setSubmitting(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Request access">
      <TextField
        select
        required
        id={`${id}-consumer`}
        label="Consuming data product"
        helperText="A data product owned by one of your groups; its roles get the access."
        value={consumer}
        onChange={event => {
          setConsumer(event.target.value);
          setUnticked([]);
        }}
        fullWidth
        margin="normal"
        variant="outlined"
      >
        {owned.map(product => {
          const ref = stringifyEntityRef(product);
          return (
            <MenuItem key={ref} value={ref}>
              {product.metadata.title ?? product.metadata.name}
            </MenuItem>
          );
        })}
      </TextField>
      <TextField
        required
        id={`${id}-purpose`}
        label="Purpose"
        helperText="What the product does with the data; the dataset's owners read it."
        value={purpose}
        onChange={event => setPurpose(event.target.value)}
        multiline
        minRows={2}
        fullWidth
        margin="normal"
        variant="outlined"
        inputProps={{ maxLength: 2000 }}
      />
      <TextField
        select
        id={`${id}-duration`}
        label="Duration"
        value={duration}
        onChange={event => setDuration(event.target.value)}
        fullWidth
        margin="normal"
        variant="outlined"
      >
        {DURATION_CHOICES.map(choice => (
          <MenuItem key={choice.value} value={choice.value}>
            {choice.label}
          </MenuItem>
        ))}
      </TextField>
      {selected && (
        <FormControl component="fieldset" margin="normal" error={noEnvironment}>
          <FormLabel component="legend">Environments</FormLabel>
          {productEnvironments.length > 0 ? (
            <FormGroup row>
              {productEnvironments.map(environment => (
                <FormControlLabel
                  key={environment}
                  label={environment}
                  control={
                    <Checkbox
                      color="primary"
                      checked={!unticked.includes(environment)}
                      onChange={event =>
                        setUnticked(current =>
                          event.target.checked
                            ? current.filter(e => e !== environment)
                            : [...current, environment],
                        )
                      }
                    />
                  }
                />
              ))}
            </FormGroup>
          ) : (
            <FormHelperText>
              <EntityDisplayName entityRef={consumer} hideIcon disableTooltip />{' '}
              lists no environments: it gets the access in every environment it
              runs in.
            </FormHelperText>
          )}
          {noEnvironment && (
            <FormHelperText>Pick at least one environment.</FormHelperText>
          )}
        </FormControl>
      )}
      <Box mt={2} display="flex" alignItems="center" gridGap={16}>
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={!canSubmit}
        >
          Request access
        </Button>
      </Box>
      {result && 'created' in result && (
        <Box mt={2}>
          <Alert severity="success">
            {result.created.status === 'pending'
              ? 'Requested for '
              : 'Access for '}
            <EntityDisplayName
              entityRef={result.created.consumer}
              hideIcon
              disableTooltip
            />
            {result.created.status === 'pending'
              ? ": waiting for a decision by the dataset's owners."
              : `: ${describeAccessStatus(result.created).label}.`}
          </Alert>
        </Box>
      )}
      {result && 'error' in result && (
        <Box mt={2}>
          <Alert severity="error">
            Could not request access: {messageOf(result.error)}
          </Alert>
        </Box>
      )}
    </form>
  );
};
