/*
 * Small helpers of the IAM appliers (./iam*.ts): tags as IAM takes them,
 * "already exists", and calls whose target may already be gone.
 */
import type { AwsTags } from '../model';
import { errorName, isNoSuchEntityError } from './retry';


export const toIamTags = (tags: AwsTags) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export const isAlreadyExists = (error: unknown) =>
  errorName(error).startsWith('EntityAlreadyExists');

export async function ignoreMissing(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (error) {
    if (isNoSuchEntityError(error)) return false;
    throw error;
  }
}
