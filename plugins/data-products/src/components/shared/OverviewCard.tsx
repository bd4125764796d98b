import { ReactNode } from 'react';
import { EntityInfoCard, EntityRefLink } from '@backstage/plugin-catalog-react';
import { Grid, Typography } from '@material-ui/core';
import {
  DataProductEntity,
  DatasetEntity,
  getOwnerRef,
} from '@meshport/plugin-data-products-common';
import { tryResolveRefs } from '../../lib/presentation';
import { OverviewField } from './OverviewField';

/** Props of {@link OverviewCard}. */
export interface OverviewCardProps {
  title: string;
  entity: DataProductEntity | DatasetEntity;
  /** The card's further {@link OverviewField}s, after description and owner. */
  children?: ReactNode;
}

/**
 * The overview card of a product or dataset: its description and owner (a
 * link when the owner is a valid ref), then the fields the kind adds.
 */
export const OverviewCard = (props: OverviewCardProps) => {
  const { title, entity, children } = props;
  const ownerRef = tryResolveRefs(() => getOwnerRef(entity));
  const description = entity.metadata.description;
  return (
    <EntityInfoCard title={title}>
      <Grid container spacing={2}>
        <OverviewField label="Description" gridSizes={{ md: 12 }}>
          {description && (
            <Typography variant="body2">{description}</Typography>
          )}
        </OverviewField>
        <OverviewField label="Owner">
          {ownerRef ? (
            <EntityRefLink entityRef={ownerRef} />
          ) : (
            entity.spec.owner
          )}
        </OverviewField>
        {children}
      </Grid>
    </EntityInfoCard>
  );
};
