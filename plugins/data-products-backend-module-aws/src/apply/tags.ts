/*
 * Tag syncing, the same for every applier: add the desired tags that are
 * missing or different, then remove the stale `meshport:` ones.
 */
import type { AwsTags } from '../model';
import { ApplyContext, callAws } from './context';
import { missingTags, staleMeshportTags } from './operations';

/** The service's own calls to tag and untag one resource. */
export interface TagWriter {
  tag(add: AwsTags): Promise<unknown>;
  untag(keys: string[]): Promise<unknown>;
}

/** Brings `actual` to `desired`; pushes `tags` on `changed` when it wrote anything. */
export async function syncTags(
  ctx: ApplyContext,
  desired: AwsTags,
  actual: AwsTags,
  writer: TagWriter,
  changed: string[],
): Promise<void> {
  const add = missingTags(desired, actual);
  if (Object.keys(add).length) {
    await callAws(ctx, () => writer.tag(add));
    changed.push('tags');
  }
  const stale = staleMeshportTags(desired, actual);
  if (stale.length) {
    await callAws(ctx, () => writer.untag(stale));
    if (!changed.includes('tags')) changed.push('tags');
  }
}
