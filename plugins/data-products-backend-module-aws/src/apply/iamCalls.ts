/*
 * Small helpers of the IAM appliers (./iam*.ts): tags as IAM takes them,
 * "already exists", whether a role or policy is Meshport's, and calls whose
 * target may not exist (yet or any more).
 */
import type { Tag } from '@aws-sdk/client-iam';
import { tagsToRecord } from '../actual/iam';
import type { AwsTags } from '../model';
import type { ApplyContext } from './context';
import { isManaged } from './operations';
import { errorName, isNoSuchEntityError } from './retry';

export const toIamTags = (tags: AwsTags) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export const isAlreadyExists = (error: unknown) =>
  errorName(error).startsWith('EntityAlreadyExists');

/** A role or policy is Meshport's: its tags say so, under Meshport's path. */
export function isOwnIamResource(
  resource: { Tags?: Tag[]; Path?: string },
  ctx: ApplyContext,
): boolean {
  return (
    isManaged(tagsToRecord(resource.Tags), ctx.environment.name) &&
    resource.Path === ctx.config.rolePath
  );
}

/** The call's answer, or undefined when IAM says there is no such entity. */
export async function unlessMissing<T>(
  call: Promise<T>,
): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isNoSuchEntityError(error)) return undefined;
    throw error;
  }
}

export async function ignoreMissing(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (error) {
    if (isNoSuchEntityError(error)) return false;
    throw error;
  }
}
