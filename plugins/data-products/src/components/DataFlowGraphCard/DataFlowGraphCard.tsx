import { Box, Typography } from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityInfoCard,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  RELATION_HAS_OUTPUT,
  RELATION_OUTPUT_OF,
} from '@meshport/plugin-data-products-common';
import { lineageApiRef } from '@meshport/plugin-data-products-react';
import useAsync from 'react-use/esm/useAsync';
import { FlowDiagram } from './FlowDiagram';
import { datasetFlow, FlowLayout, FlowNode, productFlows } from './layout';

const targets = (entity: Entity | undefined, type: string) =>
  (entity?.relations ?? []).filter(r => r.type === type).map(r => r.targetRef);

const titleOf = (entity: Entity) =>
  ((entity.spec?.profile as { displayName?: string } | undefined)
    ?.displayName ??
    entity.metadata.title ??
    entity.metadata.name) as string;

function nodeOf(ref: string, entities: Map<string, Entity>): FlowNode {
  const entity = entities.get(ref);
  return {
    ref,
    title: entity ? titleOf(entity) : parseEntityRef(ref).name,
    kind:
      parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'dataset'
        ? 'Dataset'
        : 'DataProduct',
  };
}

/** Who owns the entity and its domain, with the kind in words (a team and a domain can share a name). */
const OwnershipLine = (props: {
  owner?: string;
  domain?: string;
  entities: Map<string, Entity>;
}) => {
  const { owner, domain, entities } = props;
  if (!owner && !domain) return null;
  const ownerEntity = owner ? entities.get(owner) : undefined;
  const ownerKind = owner
    ? parseEntityRef(owner).kind.toLocaleLowerCase('en-US')
    : '';
  // A group reads "the Logistics team"; a person is just their name.
  const ownerType =
    ownerKind === 'group'
      ? (ownerEntity?.spec?.type as string | undefined) ?? 'group'
      : undefined;
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="flow-ownership"
    >
      {owner && (
        <>
          Owned by {ownerType && 'the '}
          <EntityRefLink
            entityRef={owner}
            title={ownerEntity ? titleOf(ownerEntity) : undefined}
          />
          {ownerType && ` ${ownerType}`}
        </>
      )}
      {owner && domain && ', in the '}
      {!owner && domain && 'In the '}
      {domain && (
        <>
          <EntityRefLink
            entityRef={domain}
            title={
              entities.get(domain) ? titleOf(entities.get(domain)!) : undefined
            }
          />{' '}
          domain
        </>
      )}
      .
    </Typography>
  );
};

interface Graphs {
  sections: { label: string; layout: FlowLayout }[];
  entities: Map<string, Entity>;
  /** The entity's domain, or (a dataset) its product's. */
  domain?: string;
}

const domainOf = (entity: Entity | undefined) =>
  targets(entity, RELATION_PART_OF).find(
    r => parseEntityRef(r).kind.toLocaleLowerCase('en-US') === 'domain',
  );

/**
 * The data flow of a DataProduct or Dataset: product -> dataset -> consuming
 * product, with the access state (declared, requested, granted) on each
 * consumer edge, from the server's consumption model. Owner and domain are
 * said in text below, not drawn.
 */
export function DataFlowGraphCard() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const lineageApi = useApi(lineageApiRef);
  const ref = stringifyEntityRef(entity);
  const isDataset = entity.kind.toLocaleLowerCase('en-US') === 'dataset';
  const owner = targets(entity, RELATION_OWNED_BY)[0];
  const ownDomain = domainOf(entity);

  const { value, loading, error } = useAsync(async (): Promise<Graphs> => {
    const consumption = await lineageApi.getConsumption(ref);
    const outputs = isDataset ? [] : targets(entity, RELATION_HAS_OUTPUT);
    const producer = isDataset
      ? targets(entity, RELATION_OUTPUT_OF)[0]
      : undefined;
    const inputDatasets = consumption.inputs.map(c => c.dataset);
    const load = async (refs: string[]) => {
      const wanted = [...new Set(refs)];
      if (wanted.length === 0) return [];
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs: wanted,
        fields: ['kind', 'metadata', 'spec.type', 'spec.profile', 'relations'],
      });
      return items.filter((e): e is Entity => Boolean(e));
    };
    const first = await load([
      ...outputs,
      ...inputDatasets,
      ...(producer ? [producer] : []),
      ...(owner ? [owner] : []),
      ...(ownDomain ? [ownDomain] : []),
    ]);
    const entities = new Map(first.map(e => [stringifyEntityRef(e), e]));
    const producerOf = new Map(
      inputDatasets.map(d => [
        d,
        targets(entities.get(d), RELATION_OUTPUT_OF)[0],
      ]),
    );
    const domain =
      ownDomain ?? (producer ? domainOf(entities.get(producer)) : undefined);
    for (const e of await load([
      ...[...producerOf.values()].filter((p): p is string => Boolean(p)),
      ...(domain && !entities.has(domain) ? [domain] : []),
    ])) {
      entities.set(stringifyEntityRef(e), e);
    }
    const self: FlowNode = {
      ref,
      title: titleOf(entity),
      kind: isDataset ? 'Dataset' : 'DataProduct',
    };
    if (isDataset) {
      return {
        entities,
        domain,
        sections: [
          {
            label: 'Data flow of this dataset',
            layout: datasetFlow({
              dataset: self,
              producer: producer ? nodeOf(producer, entities) : undefined,
              consumers: consumption.consumers,
            }),
          },
        ],
      };
    }
    const producers = new Map<string, FlowNode>();
    for (const [d, p] of producerOf) {
      if (p) producers.set(d, nodeOf(p, entities));
    }
    const flows = productFlows({
      product: self,
      outputs: outputs.map(o => nodeOf(o, entities)),
      consumers: consumption.consumers,
      inputs: consumption.inputs,
      producers,
    });
    return {
      entities,
      domain,
      sections: [
        ...(flows.reads
          ? [{ label: 'What this product reads', layout: flows.reads }]
          : []),
        { label: 'Who reads its data', layout: flows.outputs },
      ],
    };
  }, [ref, lineageApi, catalogApi]);

  return (
    <EntityInfoCard title="Data flow">
      <Typography variant="body2" color="textSecondary" paragraph>
        Products, the datasets they output and the products that read them, with
        the state of each consumer's access.
      </Typography>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Box display="flex" flexDirection="column" gridGap={16}>
          {value.sections.map(section => (
            <Box key={section.label}>
              {value.sections.length > 1 && (
                <Typography variant="subtitle2" gutterBottom>
                  {section.label}
                </Typography>
              )}
              <FlowDiagram layout={section.layout} label={section.label} />
            </Box>
          ))}
          <OwnershipLine
            owner={owner}
            domain={value.domain}
            entities={value.entities}
          />
        </Box>
      )}
    </EntityInfoCard>
  );
}
