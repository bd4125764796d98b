/*
 * Who may write what: a task may change a product's repository only when the
 * user who started it may manage the product (the same permission as a
 * reconcile of the product: its owners and Meshport admins by policy), and
 * may create a product only for one of the user's own groups (admins: any).
 * Checked on the server, before anything is written.
 */
import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  dataProductsProvisioningAdminPermission,
  dataProductsProvisioningRunPermission,
  formatEntityRef,
  isDataProductEntity,
} from '@meshport/plugin-data-products-common';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseCatalogInfo } from '../lib/entities';
import type { LocalGitRepositories } from '../lib/git';

export interface OwnershipOptions {
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
}

/** The part of an action context the checks need. */
export interface InitiatorContext {
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}

/** A title, else a group's or user's display name, else its name (never its ref). */
const displayName = (entity: Entity | undefined, ref: string) =>
  (entity?.metadata.title as string | undefined) ??
  (entity?.spec?.profile as { displayName?: string } | undefined)
    ?.displayName ??
  entity?.metadata.name ??
  parseEntityRef(ref).name;

async function titleOf(options: OwnershipOptions, ref: string) {
  const entity = await options.catalog.getEntityByRef(ref, {
    credentials: await options.auth.getOwnServiceCredentials(),
  });
  return displayName(entity, ref);
}

function normalizeRef(ref: string, defaultKind: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    throw new InputError(
      `${JSON.stringify(ref)} does not name a ${
        defaultKind === 'Group' ? 'team' : 'data product'
      }: write its name, such as ${
        defaultKind === 'Group' ? 'team-a' : 'sales-orders'
      }.`,
    );
  }
}

/**
 * Fails with a message naming the product and its owner unless the task's
 * user may manage the DataProduct `productRef`.
 */
export async function requireManageProduct(
  options: OwnershipOptions,
  ctx: InitiatorContext,
  productRef: string,
): Promise<void> {
  const ref = normalizeRef(productRef, 'DataProduct');
  const product = await options.catalog.getEntityByRef(ref, {
    credentials: await options.auth.getOwnServiceCredentials(),
  });
  if (!product || !isDataProductEntity(product)) {
    throw new NotFoundError(
      `There is no data product "${parseEntityRef(ref).name}" in the catalog.`,
    );
  }
  const credentials = await ctx.getInitiatorCredentials();
  const [decision] = await options.permissions.authorize(
    [{ permission: dataProductsProvisioningRunPermission, resourceRef: ref }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) {
    return;
  }
  const ownerRef = normalizeRef(product.spec.owner, 'Group');
  throw new NotAllowedError(
    `You may not change the data product ${displayName(
      product,
      ref,
    )}: it is owned by ${await titleOf(
      options,
      ownerRef,
    )}. Only its owners and Meshport admins may add to its repository.`,
  );
}

/**
 * Fails unless the task's user is a member of `ownerRef` (their ownership
 * refs include it) or a Meshport admin.
 */
export async function requireOwnerChoice(
  options: OwnershipOptions,
  ctx: InitiatorContext,
  ownerRef: string,
): Promise<void> {
  const owner = normalizeRef(ownerRef, 'Group');
  const credentials = await ctx.getInitiatorCredentials();
  if (options.auth.isPrincipal(credentials, 'user')) {
    const { ownershipEntityRefs } = await options.userInfo.getUserInfo(
      credentials,
    );
    if (ownershipEntityRefs.includes(owner)) {
      return;
    }
  }
  const [decision] = await options.permissions.authorize(
    [{ permission: dataProductsProvisioningAdminPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) {
    return;
  }
  throw new NotAllowedError(
    `You may not create a data product owned by ${await titleOf(
      options,
      owner,
    )}: you are not one of its members. Choose one of your own teams.`,
  );
}

/**
 * The DataProduct a local repository holds (its checkout's
 * catalog-info.yaml), which the task's user must be allowed to manage.
 */
export async function requireManageRepository(
  options: OwnershipOptions & { repositories: LocalGitRepositories },
  ctx: InitiatorContext,
  repoName: string,
): Promise<void> {
  const file = path.join(
    options.repositories.checkoutPath(repoName),
    'catalog-info.yaml',
  );
  let content: string;
  try {
    content = await fs.readFile(file, 'utf8');
  } catch {
    throw new NotFoundError(
      `The repository ${repoName} on the portal host has no catalog-info.yaml: only data product repositories can be changed by Meshport actions.`,
    );
  }
  const product = parseCatalogInfo(content, 'catalog-info.yaml').entities.find(
    isDataProductEntity,
  );
  if (!product) {
    throw new NotAllowedError(
      `The repository ${repoName} on the portal host declares no data product: only data product repositories can be changed by Meshport actions.`,
    );
  }
  await requireManageProduct(options, ctx, formatEntityRef(product));
}

/**
 * Before a new repository is published: every owner its catalog-info.yaml
 * names (of the DataProduct and the Datasets) must be one of the user's
 * groups, or the user a Meshport admin, so nobody publishes a product in
 * another team's name. No catalog-info.yaml: nothing to check.
 */
export async function requireOwnersOfSpec(
  options: OwnershipOptions,
  ctx: InitiatorContext,
  catalogInfoFile: string,
): Promise<void> {
  let content: string;
  try {
    content = await fs.readFile(catalogInfoFile, 'utf8');
  } catch {
    return;
  }
  const owners = new Set<string>();
  for (const entity of parseCatalogInfo(content, 'catalog-info.yaml')
    .entities) {
    const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
    if (typeof owner === 'string') {
      owners.add(normalizeRef(owner, 'Group'));
    }
  }
  for (const owner of owners) {
    await requireOwnerChoice(options, ctx, owner);
  }
}
