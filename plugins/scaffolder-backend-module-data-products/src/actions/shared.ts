import {
  AuthService,
  PermissionsService,
  resolveSafeChildPath,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import type { MeshportEnvironment } from '@meshport/plugin-data-products-common';
import { promises as fs } from 'node:fs';
import { parseCatalogInfo } from '../lib/entities';
import type { GitAuthor, LocalGitRepositories } from '../lib/git';
import type { ProvisioningApi } from '../lib/DataProductsBackendClient';

/** What the actions need from the backend; built by the module, faked in tests. */
export interface DataProductsActionsOptions {
  catalog: CatalogService;
  auth: AuthService;
  /** Who may write to which product's repository (owners and admins by policy). */
  permissions: PermissionsService;
  userInfo: UserInfoService;
  events: EventsService;
  environments: MeshportEnvironment[];
  repositories: LocalGitRepositories;
  provisioning: ProvisioningApi;
  /** How long to wait for the catalog and for provisioning runs. */
  waitTimeoutMs: number;
  /** Between two looks at the catalog or a run; default 500 ms. */
  pollIntervalMs?: number;
}

/** The event the register action publishes and the catalog module's provider reacts to. */
export const LOCAL_GIT_UPDATED_TOPIC = 'meshport.local-git.updated';

export const DEFAULT_CATALOG_INFO = 'catalog-info.yaml';

/** Reads and parses a YAML file of the workspace; refuses paths outside it. */
export async function readWorkspaceCatalogInfo(
  workspacePath: string,
  relativePath: string,
) {
  const file = resolveSafeChildPath(workspacePath, relativePath);
  let content: string;
  try {
    content = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(
        `${relativePath} was not found in the workspace; generate it first (e.g. with fetch:template)`,
      );
    }
    throw error;
  }
  const parsed = parseCatalogInfo(content, relativePath);
  if (parsed.problems.length > 0) {
    throw new InputError(parsed.problems.join('\n'));
  }
  return parsed.entities;
}

/** Who the commit is from: the user who started the task, else the portal. */
export function commitAuthor(user?: {
  ref?: string;
  entity?: { metadata: { name: string }; spec?: unknown };
}): GitAuthor {
  const profile = (user?.entity?.spec as any)?.profile ?? {};
  const name =
    profile.displayName ?? user?.entity?.metadata.name ?? 'Meshport portal';
  const email =
    profile.email ??
    `${user?.entity?.metadata.name ?? 'meshport'}@users.noreply.meshport`;
  return { name: String(name), email: String(email) };
}
