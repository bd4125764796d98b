import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Link } from '@backstage/core-components';
import {
  EntityInfoCard,
  EntityRefLink,
  getEntityRelations,
  useEntity,
  useRelatedEntities,
} from '@backstage/plugin-catalog-react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DataProductEntity,
  DatasetEntity,
  RELATION_HAS_OUTPUT,
  SupportChannel,
  getDomainRef,
  getInputDatasetRefs,
  isDataProductEntity,
  isDatasetEntity,
} from '@meshport/plugin-data-products-common';
import { AccessLevelChip } from '../AccessLevelChip';
import { OverviewCard, LifecycleChip, OverviewField } from '../shared';
import { tryResolveRefs } from '../../lib/presentation';

/** Props of {@link DataProductOverviewCard}. */
export interface DataProductOverviewCardProps {
  title?: string;
}

const SupportChannelLink = ({ support }: { support: SupportChannel }) => {
  const label = support.tool
    ? `${support.channel} (${support.tool})`
    : support.channel;
  return support.url ? <Link to={support.url}>{label}</Link> : <>{label}</>;
};

const InputPortList = ({ product }: { product: DataProductEntity }) => {
  const ports = product.spec.inputPorts ?? [];
  if (ports.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        This data product consumes no datasets.
      </Typography>
    );
  }
  // In spec order, so index i is the ref of ports[i].
  const datasetRefs = tryResolveRefs(() => getInputDatasetRefs(product));
  return (
    <List dense disablePadding>
      {ports.map((port, index) => {
        const datasetRef = datasetRefs?.[index];
        return (
          <ListItem key={port.dataset} disableGutters>
            <ListItemText
              // Backstage's theme keeps list text on one line: a purpose is a sentence, it wraps
              style={{ whiteSpace: 'normal' }}
              primary={
                datasetRef ? (
                  <EntityRefLink entityRef={datasetRef} />
                ) : (
                  port.dataset
                )
              }
              secondary={port.purpose}
            />
          </ListItem>
        );
      })}
    </List>
  );
};

/**
 * The datasets the product shares, from its `hasOutput` relations. Links show
 * at once; access levels appear when the datasets have been fetched.
 */
const OutputDatasetList = ({ product }: { product: Entity }) => {
  const outputRefs = getEntityRelations(product, RELATION_HAS_OUTPUT).map(ref =>
    stringifyEntityRef(ref),
  );
  const { entities, error } = useRelatedEntities(product, {
    type: RELATION_HAS_OUTPUT,
  });
  if (outputRefs.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No datasets yet. Datasets name this product in their{' '}
        <code>spec.dataProduct</code>.
      </Typography>
    );
  }
  const datasetsByRef = new Map<string, DatasetEntity>();
  for (const related of entities ?? []) {
    if (isDatasetEntity(related)) {
      datasetsByRef.set(stringifyEntityRef(related), related);
    }
  }
  return (
    <>
      <List dense disablePadding>
        {outputRefs.map(ref => (
          <ListItem key={ref} disableGutters>
            <Box display="flex" alignItems="center" gridGap={8}>
              <EntityRefLink entityRef={ref} />
              <AccessLevelChip access={datasetsByRef.get(ref)?.spec.access} />
            </Box>
          </ListItem>
        ))}
      </List>
      {error && (
        <Typography variant="caption" color="error">
          Could not load the datasets' access levels: {error.message}
        </Typography>
      )}
    </>
  );
};

/** The overview of a DataProduct entity: who owns it, where it runs, what it reads and shares. */
export const DataProductOverviewCard = (
  props: DataProductOverviewCardProps,
) => {
  const { title = 'Data product' } = props;
  const { entity } = useEntity();

  if (!isDataProductEntity(entity)) {
    return (
      <EntityInfoCard title={title}>
        <Typography variant="body2">
          This card shows DataProduct entities only.
        </Typography>
      </EntityInfoCard>
    );
  }

  const { spec } = entity;
  const domainRef = tryResolveRefs(() => getDomainRef(entity));
  const environments = spec.environments ?? [];
  const support = spec.support ?? [];

  return (
    <OverviewCard title={title} entity={entity}>
      <OverviewField label="Domain">
        {domainRef ? <EntityRefLink entityRef={domainRef} /> : spec.domain}
      </OverviewField>
      <OverviewField label="Lifecycle" gridSizes={{ md: 4 }}>
        {spec.lifecycle && <LifecycleChip lifecycle={spec.lifecycle} />}
      </OverviewField>
      <OverviewField label="Type" gridSizes={{ md: 4 }}>
        {spec.type}
      </OverviewField>
      <OverviewField label="Environments" gridSizes={{ md: 4 }}>
        {environments.length > 0 && (
          <Box display="flex" flexWrap="wrap" gridGap={4}>
            {environments.map(environment => (
              <Chip key={environment} size="small" label={environment} />
            ))}
          </Box>
        )}
      </OverviewField>
      <OverviewField label="Support" gridSizes={{ md: 12 }}>
        {support.length > 0 && (
          <Box display="flex" flexWrap="wrap" gridGap={16}>
            {support.map(channel => (
              <span key={`${channel.channel}-${channel.url ?? ''}`}>
                <SupportChannelLink support={channel} />
              </span>
            ))}
          </Box>
        )}
      </OverviewField>
      <OverviewField label="Input ports" gridSizes={{ md: 12 }}>
        <InputPortList product={entity} />
      </OverviewField>
      <OverviewField label="Datasets" gridSizes={{ md: 12 }}>
        <OutputDatasetList product={entity} />
      </OverviewField>
    </OverviewCard>
  );
};
