/*
 * Pending breaking changes of a dataset: a newer major version published as another Dataset
 * (`spec.deprecates.dataset` names this one) replaces it on a sunset date. Consumers see what
 * will change before it does.
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import { parseDuration } from '../duration';
import { resolveSpecRef } from '../refs';
import type { DatasetEntity } from '../types';
import { diffDataset } from './diff';
import type {
  PendingVersion,
  PendingVersionsResponse,
} from '../schema/openapi/generated/models';

/**
 * A newer major version that replaces a dataset, with its changes: a REST
 * shape (`GET /contracts/:namespace/:name/pending`), so the generated model.
 */
export type { PendingVersion, PendingVersionsResponse };

/** The successors (among `datasets`) that declare they replace `dataset`, with their changes. */
export function findPendingVersions(
  dataset: DatasetEntity,
  datasets: DatasetEntity[],
  options: { now: Date; noticePeriod?: string },
): PendingVersion[] {
  const ref = stringifyEntityRef(dataset);
  const notice = parseDuration(options.noticePeriod ?? '30d') ?? 0;
  const earliest = new Date(options.now.getTime() + notice)
    .toISOString()
    .slice(0, 10);
  return datasets
    .filter(candidate => {
      const replaced = candidate.spec.deprecates?.dataset;
      if (!replaced || stringifyEntityRef(candidate) === ref) {
        return false;
      }
      try {
        return (
          stringifyEntityRef(
            resolveSpecRef(candidate, 'inputPort', replaced),
          ) === ref
        );
      } catch {
        return false;
      }
    })
    .map(successor => {
      const successorRef = stringifyEntityRef(successor);
      const changes = diffDataset(dataset, successor)
        .map(change => ({ dataset: successorRef, ...change }))
        // breaking changes first, each group in its own order
        .sort(
          (a, b) =>
            Number(b.severity === 'breaking') -
            Number(a.severity === 'breaking'),
        );
      const sunset = successor.spec.deprecates!.sunset;
      return {
        successor: successorRef,
        successorTitle: successor.metadata.title ?? successor.metadata.name,
        version: successor.spec.version ?? '1.0.0',
        sunset,
        noticeRespected: sunset >= earliest,
        changes,
      };
    });
}
