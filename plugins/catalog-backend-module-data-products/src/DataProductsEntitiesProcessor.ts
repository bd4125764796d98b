import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  DATA_PRODUCT_KIND,
  DATASET_KIND,
  formatEntityRef,
  isDataProductEntity,
  isDatasetEntity,
  MeshportEnvironment,
  RELATION_CONSUMED_BY,
  RELATION_CONSUMES,
  RELATION_HAS_OUTPUT,
  RELATION_LINEAGE_FROM,
  RELATION_LINEAGE_TO,
  RELATION_OUTPUT_OF,
  resolveSpecRef,
  SpecRefField,
  ValidationProblem,
  validateEntity,
} from '@meshport/plugin-data-products-common';

import {
  applyRetirementMark,
  findMark,
  RetirementStatesSource,
} from './retirement/retirementStates';
import type { LineageRelationsSource } from './lineage/lineageRelations';

/** Problems listed in one error; the rest are counted, so one bad file can't flood the logs. */
const MAX_LISTED_PROBLEMS = 10;

export interface DataProductsEntitiesProcessorOptions {
  /** The configured `meshport.environments`; specs are checked against them when not empty. */
  environments?: MeshportEnvironment[];
  /**
   * Retirement states from the data-products backend (cached, never fetched
   * per entity): a retiring product and its datasets show as `deprecated`,
   * a retired one as `retired`, with the sunset as an annotation.
   */
  retirementStates?: RetirementStatesSource;
  /**
   * Runtime lineage from the data-products backend (cached, never fetched per
   * entity): `lineageTo`/`lineageFrom` next to the declared relations.
   */
  lineageRelations?: LineageRelationsSource;
}

/**
 * Validates the Meshport kinds, DataProduct and Dataset, and emits their relations in both
 * directions. It runs for every entity in every processing loop, so it only does in-memory work.
 */
export class DataProductsEntitiesProcessor implements CatalogProcessor {
  private readonly environments: MeshportEnvironment[];
  private readonly retirementStates?: RetirementStatesSource;
  private readonly lineageRelations?: LineageRelationsSource;

  constructor(options: DataProductsEntitiesProcessorOptions = {}) {
    this.environments = options.environments ?? [];
    this.retirementStates = options.retirementStates;
    this.lineageRelations = options.lineageRelations;
  }

  getProcessorName(): string {
    return 'DataProductsEntitiesProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (
      !this.retirementStates ||
      !(isDataProductEntity(entity) || isDatasetEntity(entity))
    ) {
      return entity;
    }
    const marks = await this.retirementStates.get();
    return applyRetirementMark(entity, findMark(entity, marks));
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!isClaimedByMeshport(entity)) {
      return false;
    }
    const problems = validateEntity(entity, {
      environments: this.environments,
    });
    if (problems.length > 0) {
      throw new InputError(describeProblems(entity, problems));
    }
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const self = getCompoundEntityRef(entity);
    const emitBothWays = (
      target: CompoundEntityRef | undefined,
      forward: string,
      backward: string,
    ) => {
      if (!target) {
        return;
      }
      emit(processingResult.relation({ source: self, type: forward, target }));
      emit(
        processingResult.relation({
          source: target,
          type: backward,
          target: self,
        }),
      );
    };

    if (isDataProductEntity(entity)) {
      const { owner, domain, inputPorts = [] } = entity.spec;
      emitBothWays(
        tryResolve(entity, 'owner', owner),
        RELATION_OWNED_BY,
        RELATION_OWNER_OF,
      );
      emitBothWays(
        tryResolve(entity, 'domain', domain),
        RELATION_PART_OF,
        RELATION_HAS_PART,
      );
      for (const port of inputPorts) {
        emitBothWays(
          tryResolve(entity, 'inputPort', port.dataset),
          RELATION_CONSUMES,
          RELATION_CONSUMED_BY,
        );
      }
    } else if (isDatasetEntity(entity)) {
      const { owner, dataProduct } = entity.spec;
      emitBothWays(
        tryResolve(entity, 'owner', owner),
        RELATION_OWNED_BY,
        RELATION_OWNER_OF,
      );
      emitBothWays(
        tryResolve(entity, 'dataProduct', dataProduct),
        RELATION_OUTPUT_OF,
        RELATION_HAS_OUTPUT,
      );
    }
    if (
      this.lineageRelations &&
      (isDataProductEntity(entity) || isDatasetEntity(entity))
    ) {
      const targets = (await this.lineageRelations.get()).get(
        formatEntityRef(entity).toLocaleLowerCase('en-US'),
      );
      for (const target of targets ?? []) {
        emitBothWays(
          parseEntityRef(target),
          RELATION_LINEAGE_TO,
          RELATION_LINEAGE_FROM,
        );
      }
    }
    return entity;
  }
}

/**
 * Our kinds under any `meshport.io/` apiVersion: a typo'd version then gets our explanation
 * rather than the catalog's generic "unsupported kind". Other groups' DataProduct or Dataset
 * kinds are left to their own processors.
 */
function isClaimedByMeshport(entity: Entity): boolean {
  if (!entity.apiVersion?.startsWith('meshport.io/')) {
    return false;
  }
  const kind = entity.kind?.toLocaleLowerCase('en-US');
  return [DATA_PRODUCT_KIND, DATASET_KIND].some(
    k => k.toLocaleLowerCase('en-US') === kind,
  );
}

function describeProblems(
  entity: Entity,
  problems: ValidationProblem[],
): string {
  const lines = problems
    .slice(0, MAX_LISTED_PROBLEMS)
    .map(problem => `  ${problem.path}: ${problem.message}`);
  const hidden = problems.length - MAX_LISTED_PROBLEMS;
  if (hidden > 0) {
    lines.push(`  ... and ${hidden} more`);
  }
  return `Invalid ${entity.kind} ${formatEntityRef(entity)}:\n${lines.join(
    '\n',
  )}`;
}

// Validation has already rejected malformed refs; this only keeps a surprise from failing the loop.
function tryResolve(
  entity: Entity,
  field: SpecRefField,
  ref: string | undefined,
): CompoundEntityRef | undefined {
  if (!ref) {
    return undefined;
  }
  try {
    return resolveSpecRef(entity, field, ref);
  } catch {
    return undefined;
  }
}
