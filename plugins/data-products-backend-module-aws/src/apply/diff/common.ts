/*
 * What the differ's resource families share: the execution phases, the
 * emitter and scope filter they are given, and the tag comparison.
 */
import type { ProvisioningOperation } from '@meshport/plugin-data-products-node';
import { missingTags, staleMeshportTags } from '../operations';

/** Execution phases, in order. */
export enum Phase {
  RoleUpsert,
  /** Lake Formation and cross-account reads: in place before role policies shrink. */
  Access,
  PolicyUpsert,
  Attach,
  InlinePut,
  GlueUpsert,
  WorkgroupUpsert,
  InlineDelete,
  Detach,
  PolicyDelete,
  RoleDelete,
  WorkgroupDelete,
  GlueDelete,
}

/** Records an operation in a phase; returns its id. */
export type Emit = (phase: Phase, operation: ProvisioningOperation) => string;

/** Whether the actual state was read for (and may be changed in) this environment and product. */
export type InScope = (
  environment: string,
  dataProduct: string | undefined,
) => boolean;

export const key = (environment: string, name: string) =>
  `${environment}\n${name}`;

/** Whether tags must be written: some missing or different, or stale `meshport:` ones. */
export function tagsDiffer(
  desired: Record<string, string>,
  actual: Record<string, string>,
) {
  return (
    Object.keys(missingTags(desired, actual)).length > 0 ||
    staleMeshportTags(desired, actual).length > 0
  );
}
