/*
 * The one diff of a family of managed resources (IAM roles, Glue databases,
 * Athena workgroups): a desired resource missing from the managed actual
 * ones is created, one that differs is updated (with the stale `meshport:`
 * tags to remove), and a managed actual one no longer desired is deleted,
 * each only within scope.
 */
import type { AwsResourceType, AwsTags } from '../../model';
import { TAG_DATA_PRODUCT } from '../../model';
import {
  CommonDetails,
  isManaged,
  makeOperation,
  staleMeshportTags,
} from '../operations';
import { Emit, InScope, key, Phase } from './common';

export interface ManagedResource {
  environment: string;
  name: string;
  arn: string;
  dataProduct?: string;
  tags: AwsTags;
}

export interface ManagedResourceFamily<
  D extends ManagedResource,
  A extends ManagedResource,
  Details extends CommonDetails,
  Change extends string,
> {
  resourceType: AwsResourceType;
  /** In descriptions: `Create <label> <name>`. */
  label: string;
  upsertPhase: Phase;
  deletePhase: Phase;
  details(desired: D): Details;
  /** What differs between a desired resource and its actual one. */
  changes(desired: D, actual: A): Change[];
  /** Default: `Delete <label> <name>`. */
  deleteDescription?(actual: A): string;
  /** Operations that must succeed before `actual` is deleted (emitted here). */
  beforeDelete?(actual: A): string[];
  deleteDetails(actual: A, dependsOn: string[]): Details;
}

/** A desired resource in scope, with the managed one found and its create operation. */
export interface Upserted<D, A> {
  desired: D;
  current?: A;
  /** The id of its create operation, when it is created. */
  created?: string;
}

/**
 * Creates and updates the desired resources (in order), calls `afterUpserts`
 * with them, then deletes the managed ones no longer desired.
 */
export function diffManagedResources<
  D extends ManagedResource,
  A extends ManagedResource,
  Details extends CommonDetails,
  Change extends string,
>(
  family: ManagedResourceFamily<D, A, Details, Change>,
  desired: D[],
  actual: A[],
  inScope: InScope,
  emit: Emit,
  afterUpserts?: (upserted: Upserted<D, A>[]) => void,
): void {
  const { label, resourceType } = family;
  const current = new Map<string, A>();
  for (const resource of actual) {
    if (isManaged(resource.tags))
      current.set(key(resource.environment, resource.name), resource);
  }
  const wanted = new Set(desired.map(r => key(r.environment, r.name)));

  const upserted: Upserted<D, A>[] = [];
  for (const resource of desired) {
    if (!inScope(resource.environment, resource.dataProduct)) continue;
    const existing = current.get(key(resource.environment, resource.name));
    const common = {
      environment: resource.environment,
      dataProduct: resource.dataProduct,
      resourceType,
      name: resource.name,
      resource: resource.arn,
    };
    if (!existing) {
      const created = emit(
        family.upsertPhase,
        makeOperation({
          ...common,
          action: 'create',
          description: `Create ${label} ${resource.name}`,
          details: family.details(resource),
        }),
      );
      upserted.push({ desired: resource, created });
      continue;
    }
    const changes = family.changes(resource, existing);
    if (changes.length) {
      emit(
        family.upsertPhase,
        makeOperation({
          ...common,
          action: 'update',
          description: `Update ${label} ${resource.name} (${changes.join(
            ', ',
          )})`,
          details: {
            ...family.details(resource),
            changes,
            removeTagKeys: staleMeshportTags(resource.tags, existing.tags),
          },
        }),
      );
    }
    upserted.push({ desired: resource, current: existing });
  }
  afterUpserts?.(upserted);

  for (const resource of current.values()) {
    if (wanted.has(key(resource.environment, resource.name))) continue;
    if (
      !inScope(
        resource.environment,
        resource.dataProduct || resource.tags[TAG_DATA_PRODUCT],
      )
    ) {
      continue;
    }
    const dependsOn = family.beforeDelete?.(resource) ?? [];
    emit(
      family.deletePhase,
      makeOperation({
        environment: resource.environment,
        dataProduct: resource.dataProduct || undefined,
        action: 'delete',
        resourceType,
        name: resource.name,
        resource: resource.arn,
        description:
          family.deleteDescription?.(resource) ??
          `Delete ${label} ${resource.name}`,
        details: family.deleteDetails(resource, dependsOn),
      }),
    );
  }
}
