import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  EntityInfoCard,
  EntityRefLink,
  getEntityRelations,
  useEntity,
  useRelatedEntities,
} from '@backstage/plugin-catalog-react';
import {
  Entity,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  DataOutput,
  RELATION_OUTPUT_OF,
  getDatasetProductRef,
  isDatasetEntity,
} from '@meshport/plugin-data-products-common';
import { AccessLevelChip } from '../AccessLevelChip';
import { ConsumersList } from '../Consumers';
import {
  OverviewCard,
  LifecycleChip,
  OverviewField,
  TableFrame,
  Breakable,
} from '../shared';
import { describeDataOutput, tryResolveRefs } from '../../lib/presentation';

/** Props of {@link DatasetOverviewCard}. */
export interface DatasetOverviewCardProps {
  title?: string;
}

const DataOutputTable = ({ outputs }: { outputs: DataOutput[] }) => {
  if (outputs.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No data outputs declared yet.
      </Typography>
    );
  }
  return (
    <TableFrame>
      <Table size="small" aria-label="Data outputs">
        <TableHead>
          <TableRow>
            <TableCell>Type</TableCell>
            <TableCell>Location</TableCell>
            <TableCell>Format</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {outputs.map(output => {
            const row = describeDataOutput(output);
            return (
              <TableRow key={`${row.type}-${row.location}`}>
                <TableCell>{row.type}</TableCell>
                <TableCell>
                  <code>
                    <Breakable text={row.location} />
                  </code>
                </TableCell>
                <TableCell>{row.format ?? '—'}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableFrame>
  );
};

/**
 * The domain of the producing data product, read from the product's `partOf`
 * relation once the product has been fetched. Renders nothing when unknown.
 */
const useProducingProductDomainRef = (dataset: Entity) => {
  const { entities } = useRelatedEntities(dataset, {
    type: RELATION_OUTPUT_OF,
  });
  const product = entities?.[0];
  const domain = getEntityRelations(product, RELATION_PART_OF, {
    kind: 'domain',
  })[0];
  return domain ? stringifyEntityRef(domain) : undefined;
};

/** The overview of a Dataset entity: who owns and produces it, who may read it, where it lives, who reads it. */
export const DatasetOverviewCard = (props: DatasetOverviewCardProps) => {
  const { title = 'Dataset' } = props;
  const { entity } = useEntity();
  const domainRef = useProducingProductDomainRef(entity);

  if (!isDatasetEntity(entity)) {
    return (
      <EntityInfoCard title={title}>
        <Typography variant="body2">
          This card shows Dataset entities only.
        </Typography>
      </EntityInfoCard>
    );
  }

  const { spec } = entity;
  const productRef = tryResolveRefs(() => getDatasetProductRef(entity));

  return (
    <OverviewCard title={title} entity={entity}>
      <OverviewField label="Data product">
        {productRef ? (
          <EntityRefLink entityRef={productRef} />
        ) : (
          spec.dataProduct
        )}
      </OverviewField>
      {domainRef && (
        <OverviewField label="Domain">
          <EntityRefLink entityRef={domainRef} />
        </OverviewField>
      )}
      <OverviewField label="Lifecycle">
        {spec.lifecycle && <LifecycleChip lifecycle={spec.lifecycle} />}
      </OverviewField>
      <OverviewField label="Access">
        <AccessLevelChip access={spec.access} />
      </OverviewField>
      <OverviewField label="Outputs" gridSizes={{ md: 12 }}>
        <DataOutputTable outputs={spec.outputs ?? []} />
      </OverviewField>
      <OverviewField label="Consumers" gridSizes={{ md: 12 }}>
        <ConsumersList entityRef={stringifyEntityRef(entity)} />
      </OverviewField>
    </OverviewCard>
  );
};
