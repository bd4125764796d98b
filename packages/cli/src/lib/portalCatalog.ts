/*
 * The portal's catalog as the CLI needs it: entities by ref, their processing errors, titles, and
 * the "who may do it" sentence for a 403 (the owner's title, not its ref).
 */
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { PortalClient, PortalError } from './portal';
import { EXIT_PROBLEMS } from './output';

export async function getEntity(
  client: PortalClient,
  ref: CompoundEntityRef | string,
): Promise<Entity | undefined> {
  const { kind, namespace, name } =
    typeof ref === 'string' ? parseEntityRef(ref) : ref;
  try {
    return await client.request<Entity>(
      `/api/catalog/entities/by-name/${encodeURIComponent(
        kind.toLocaleLowerCase('en-US'),
      )}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
    );
  } catch (error) {
    if (error instanceof PortalError && error.status === 404) {
      return undefined;
    }
    throw error;
  }
}

/** `metadata.title`, else the name. */
export function entityTitle(entity: Entity): string {
  return entity.metadata.title ?? entity.metadata.name;
}

/** The errors the catalog recorded while processing the entity (its `status.items`). */
export function processingErrors(entity: Entity): string[] {
  const items = (entity as { status?: { items?: unknown[] } }).status?.items;
  return (items ?? []).flatMap(item => {
    const { level, message, error } = item as {
      level?: string;
      message?: string;
      error?: { message?: string };
    };
    const text = error?.message ?? message ?? 'unknown error';
    return level === 'error' ? [text.replace(/\s+/g, ' ').trim()] : [];
  });
}

/**
 * Finds a DataProduct or Dataset by a full or short ref (`sales-orders`, `dataset:orders`); a
 * short ref without a kind is looked up as a DataProduct, then as a Dataset.
 */
export async function findProductOrDataset(
  client: PortalClient,
  given: string,
): Promise<Entity> {
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(given, {
      defaultKind: 'DataProduct',
      defaultNamespace: 'default',
    });
  } catch {
    throw new PortalError(
      `${JSON.stringify(
        given,
      )} is not a data product or dataset name (e.g. sales-orders or dataset:default/orders).`,
      undefined,
      EXIT_PROBLEMS,
    );
  }
  const kinds = given.includes(':')
    ? [parsed.kind]
    : ['DataProduct', 'Dataset'];
  for (const kind of kinds) {
    const entity = await getEntity(client, { ...parsed, kind });
    if (entity) {
      return entity;
    }
  }
  throw new PortalError(
    `No data product or dataset ${given} in the catalog of ${client.portal}: check the name, or apply it first with meshport apply.`,
    404,
    EXIT_PROBLEMS,
  );
}

/** The title of the entity's owner (a Group's title or display name), else its ref. */
export async function ownerTitle(
  client: PortalClient,
  entity: Entity,
): Promise<string | undefined> {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string') {
    return undefined;
  }
  const ref = parseEntityRef(owner, {
    defaultKind: 'Group',
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
  const group = await getEntity(client, ref).catch(() => undefined);
  const profile = (group?.spec as { profile?: { displayName?: string } })
    ?.profile;
  return group
    ? group.metadata.title ?? profile?.displayName ?? group.metadata.name
    : stringifyEntityRef(ref);
}

/**
 * "You may not reconcile Sales Orders: only its owner, Team Sales, or a Meshport admin may." The
 * portal's own message is added when it says more than the permission name; a pipeline token's
 * refusal says what the pipeline may deploy instead.
 */
export async function forbiddenSentence(
  client: PortalClient,
  entity: Entity | string,
  action: string,
  serverMessage: string,
): Promise<string> {
  const resolved =
    typeof entity === 'string'
      ? await getEntity(client, entity).catch(() => undefined)
      : entity;
  const title = resolved ? entityTitle(resolved) : String(entity);
  if (/^The pipeline /.test(serverMessage)) {
    // A pipeline token: its scope is the portal's configuration, not the product's owners.
    return `You may not ${action} ${title}: ${serverMessage.replace(
      /\.$/,
      '',
    )}. The portal's administrators set what each pipeline may deploy.`;
  }
  const owner = resolved ? await ownerTitle(client, resolved) : undefined;
  const who = owner
    ? `only its owner, ${owner}, or a Meshport admin may`
    : 'only its owners or a Meshport admin may';
  // The permission framework's own message only names the permission: say who instead.
  const detail =
    /^(You are not allowed to |Only |This portal.s access policy )/.test(
      serverMessage,
    )
      ? ''
      : ` (${serverMessage.replace(/\.$/, '')})`;
  return `You may not ${action} ${title}: ${who}${detail}. Ask ${
    owner ?? 'its owners'
  }, or sign in as one of them with meshport login.`;
}
