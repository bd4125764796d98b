import { createAppendEntitiesAction } from './appendEntities';
import { createBootstrapRolesAction } from './bootstrapRoles';
import { createCommitLocalAction } from './commitLocal';
import { createFetchLocalAction } from './fetchLocal';
import { createPublishLocalAction } from './publishLocal';
import { createRegisterLocalAction } from './registerLocal';
import type { DataProductsActionsOptions } from './shared';
import { createValidateEntitiesAction } from './validate';
import { createWriteEntitiesAction } from './writeEntities';

export {
  createAppendEntitiesAction,
  createBootstrapRolesAction,
  createCommitLocalAction,
  createFetchLocalAction,
  createPublishLocalAction,
  createRegisterLocalAction,
  createValidateEntitiesAction,
  createWriteEntitiesAction,
};
export type { DataProductsActionsOptions };
export { LOCAL_GIT_UPDATED_TOPIC } from './shared';

/** Every action of this module. */
export function createDataProductsActions(options: DataProductsActionsOptions) {
  return [
    createWriteEntitiesAction(options),
    createValidateEntitiesAction(options),
    createAppendEntitiesAction(options),
    createPublishLocalAction(options),
    createFetchLocalAction(options),
    createCommitLocalAction(options),
    createRegisterLocalAction(options),
    createBootstrapRolesAction(options),
  ];
}
