import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { OverviewField } from './OverviewField';

/** Props of {@link DescriptionAndOwnerFields}. */
export interface DescriptionAndOwnerFieldsProps {
  description?: string;
  /** The owner's resolved ref, when `owner` is one. */
  ownerRef?: string;
  /** The owner as the entity's spec gives it, shown when it is not a ref. */
  owner?: string;
}

/** The description and owner that open every overview card of ours. */
export const DescriptionAndOwnerFields = (
  props: DescriptionAndOwnerFieldsProps,
) => {
  const { description, ownerRef, owner } = props;
  return (
    <>
      <OverviewField label="Description" gridSizes={{ md: 12 }}>
        {description && <Typography variant="body2">{description}</Typography>}
      </OverviewField>
      <OverviewField label="Owner">
        {ownerRef ? <EntityRefLink entityRef={ownerRef} /> : owner}
      </OverviewField>
    </>
  );
};
