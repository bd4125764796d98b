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

/** The errors our actions throw on purpose: their message is the sentence for the user. */
const SENTENCE_ERRORS = new Set([
  'InputError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'ServiceUnavailableError',
]);

/**
 * The scaffolder writes a failed step's `error.stack` to the task log the user watches: for the
 * errors we throw on purpose, the stack is the sentence alone, never file names and lines.
 */
export function withSentenceErrors<T extends { handler: (ctx: any) => any }>(
  action: T,
): T {
  return {
    ...action,
    async handler(ctx: any) {
      try {
        return await action.handler(ctx);
      } catch (error) {
        if (
          error instanceof Error &&
          SENTENCE_ERRORS.has(error.name) &&
          typeof error.message === 'string'
        ) {
          error.stack = error.message;
        }
        throw error;
      }
    },
  };
}

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
  ].map(withSentenceErrors);
}
