/*
 * The adapter around refusalSentence: looks up the titles of the refused
 * entities and of their owners in the catalog, and returns the 403 to throw.
 */
import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { OwnerTitle, RefusalSubject, refusalSentence } from './sentences';

type Catalog = Pick<CatalogService, 'getEntitiesByRefs'>;

/** How people know an entity: a person's or group's display name, else its title, else its name. */
export function titleOf(entity: Entity): string {
  const profile = entity.spec?.profile as { displayName?: string } | undefined;
  return profile?.displayName ?? entity.metadata.title ?? entity.metadata.name;
}

function ownerRefsOf(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  if (related.length > 0) return related;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string') return [];
  try {
    return [
      stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group' })),
    ];
  } catch {
    return [];
  }
}

/**
 * The refusal of `permission` on `entityRefs` as a NotAllowedError whose
 * message names the entities and their owners by title. Entities the catalog
 * does not return read by their name (never their ref).
 */
export async function permissionRefusal(
  catalog: Catalog,
  credentials: BackstageCredentials,
  permission: string,
  entityRefs: string[] = [],
): Promise<NotAllowedError> {
  if (entityRefs.length === 0) {
    return new NotAllowedError(refusalSentence(permission));
  }
  const load = async (refs: string[]) =>
    refs.length === 0
      ? []
      : (await catalog.getEntitiesByRefs({ entityRefs: refs }, { credentials }))
          .items;
  let entities: (Entity | undefined)[] = [];
  try {
    entities = await load(entityRefs);
  } catch {
    // The catalog being down must not hide the refusal: say it with names.
  }
  const ownerRefs = [
    ...new Set(entities.flatMap(e => (e ? ownerRefsOf(e) : []))),
  ];
  let owners: (Entity | undefined)[] = [];
  try {
    owners = await load(ownerRefs);
  } catch {
    owners = [];
  }
  const ownerTitles = new Map<string, OwnerTitle>();
  ownerRefs.forEach((ref, i) => {
    const owner = owners[i];
    const { kind, name } = parseEntityRef(ref);
    const isGroup = kind.toLocaleLowerCase('en-US') === 'group';
    ownerTitles.set(ref, {
      title: owner ? titleOf(owner) : name,
      ...(isGroup
        ? { type: (owner?.spec?.type as string | undefined) ?? 'group' }
        : {}),
    });
  });
  const subjects: RefusalSubject[] = entityRefs.map((ref, i) => {
    const entity = entities[i];
    return {
      title: entity ? titleOf(entity) : parseEntityRef(ref).name,
      owners: entity ? ownerRefsOf(entity).map(o => ownerTitles.get(o)!) : [],
    };
  });
  return new NotAllowedError(refusalSentence(permission, subjects));
}
