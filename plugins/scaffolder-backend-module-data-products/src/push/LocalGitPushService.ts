/*
 * Pushes a product's documents to its repository on the portal host, for `meshport apply`: who
 * may (the product's owners and Meshport admins through the permission framework, pipelines
 * through `meshport.pipelines`), what may be written (checked by the pure core), the commit with
 * the caller as author, and the catalog's refresh of the product's location.
 */
import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  type Entity,
  parseEntityRef,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  isDataProductEntity,
  type MeshportEnvironment,
} from '@meshport/plugin-data-products-common';
import {
  pipelineProducts,
  pipelineRefusal,
  describePipelineRefusal,
  type PipelineScope,
} from '@meshport/plugin-data-products-node';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireManageProduct, requireOwnerChoice } from '../actions/ownership';
import { commitAuthor } from '../actions/shared';
import { LOCAL_GIT_LOCATION_TYPE } from '../catalog/LocalGitLocationsProvider';
import {
  type GitAuthor,
  LocalGitRepositories,
  REPO_NAME_PATTERN,
} from '../lib/git';
import {
  checkPushedDocuments,
  ownersNamed,
  PUSHED_FILE,
  serializeCatalogInfo,
} from './documents';

export interface LocalGitPushResult {
  entityRef: string;
  repository: string;
  commitHash: string;
  /** False when the repository already held these documents (no commit). */
  changed: boolean;
}

export interface LocalGitPushServiceOptions {
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  repositories: LocalGitRepositories;
  environments: MeshportEnvironment[];
  pipelineScopes: PipelineScope[];
}

const title = (entity: Entity) => entity.metadata.title ?? entity.metadata.name;

/** A DataProduct ref, else an InputError naming the field. */
export function parseProductRef(value: unknown): string {
  if (typeof value === 'string') {
    try {
      const ref = parseEntityRef(value, {
        defaultKind: 'DataProduct',
        defaultNamespace: 'default',
      });
      if (ref.kind.toLocaleLowerCase('en-US') === 'dataproduct') {
        return stringifyEntityRef(ref);
      }
    } catch {
      // reported below
    }
  }
  throw new InputError(
    `entityRef: must be a DataProduct entity ref such as dataproduct:default/sales-orders (got ${JSON.stringify(
      value,
    )})`,
  );
}

export class LocalGitPushService {
  /** One push at a time per repository: a second waits instead of failing on a stale clone. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(private readonly options: LocalGitPushServiceOptions) {}

  #inTurn<T>(repository: string, run: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(repository) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(run);
    this.#queues.set(repository, next);
    return next.finally(() => {
      if (this.#queues.get(repository) === next) {
        this.#queues.delete(repository);
      }
    });
  }

  /** The repository a product is read from, or a ConflictError saying where it comes from. */
  repositoryOf(product: Entity): string {
    const location = product.metadata.annotations?.[ANNOTATION_LOCATION];
    if (location) {
      const { type, target } = parseLocationRef(location);
      if (type === LOCAL_GIT_LOCATION_TYPE && REPO_NAME_PATTERN.test(target)) {
        return target;
      }
    }
    throw new ConflictError(
      `${title(
        product,
      )} is not kept in a repository on the portal host (the portal reads it from ${
        location ?? 'an unknown location'
      }): change it where it is read from`,
    );
  }

  async push(
    credentials: BackstageCredentials,
    entityRef: string,
    entities: unknown[],
  ): Promise<LocalGitPushResult> {
    const { catalog, auth } = this.options;
    const refusal = pipelineRefusal(
      this.options.pipelineScopes,
      credentials,
      entityRef,
    );
    if (refusal) {
      throw new NotAllowedError(
        await describePipelineRefusal(
          refusal,
          async entityRefs =>
            (
              await catalog.getEntitiesByRefs({ entityRefs }, { credentials })
            ).items,
        ),
      );
    }
    // Visible to the caller, or not found (hidden products stay hidden).
    const product = await catalog.getEntityByRef(entityRef, { credentials });
    if (!product || !isDataProductEntity(product)) {
      throw new NotFoundError(
        `There is no data product "${
          parseEntityRef(entityRef).name
        }" in the catalog: a new product is registered by meshport apply, not pushed.`,
      );
    }
    const repository = this.repositoryOf(product);
    const initiator = { getInitiatorCredentials: async () => credentials };
    await requireManageProduct(this.options, initiator, entityRef);

    const problems = checkPushedDocuments(entities, {
      productRef: entityRef,
      environments: this.options.environments,
      productTitle: product.metadata.title ?? product.metadata.name,
    });
    if (problems.length > 0) {
      throw new InputError(problems.join('\n'));
    }
    const documents = entities as Entity[];
    await this.#requireOwners(credentials, product, documents);

    const author = await this.#author(credentials);
    const committed = await this.#inTurn(repository, () =>
      this.#commit(repository, product, documents, author),
    );
    // The product's ancestors (its repository's Location) are read again.
    await catalog.refreshEntity(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    return {
      entityRef,
      repository,
      commitHash: committed.commitHash,
      changed: committed.changed,
    };
  }

  /** Writes the documents as the repository's catalog-info.yaml and commits them. */
  async #commit(
    repository: string,
    product: Entity,
    documents: Entity[],
    author: GitAuthor,
  ): Promise<{ commitHash: string; changed: boolean }> {
    const { repositories } = this.options;
    const current = await fs
      .readFile(
        path.join(repositories.checkoutPath(repository), PUSHED_FILE),
        'utf8',
      )
      .catch(() => undefined);
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-push-'));
    try {
      await fs.writeFile(
        path.join(work, PUSHED_FILE),
        serializeCatalogInfo(documents, current),
      );
      return await repositories.commit({
        name: repository,
        sourceDir: work,
        message: `meshport apply: ${title(product)} (${documents.length} ${
          documents.length === 1 ? 'document' : 'documents'
        })`,
        author,
      });
    } catch (error) {
      if (/git CLI was not found/.test(String((error as Error).message))) {
        throw new ServiceUnavailableError((error as Error).message);
      }
      throw error;
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  /**
   * An owner other than the product's current one must be one of the caller's groups (or the
   * caller a Meshport admin): nobody hands a product to, or plants a dataset for, another team.
   */
  async #requireOwners(
    credentials: BackstageCredentials,
    product: Entity,
    documents: Entity[],
  ): Promise<void> {
    const [current] = ownersNamed([product]);
    const changed = ownersNamed(documents).filter(owner => owner !== current);
    if (changed.length === 0) {
      return;
    }
    if (pipelineProducts(this.options.pipelineScopes, credentials)) {
      const { items } = await this.options.catalog
        .getEntitiesByRefs({ entityRefs: changed }, { credentials })
        .catch(() => ({ items: [] as (Entity | undefined)[] }));
      const owners = changed.map((ref, i) => {
        const owner = items[i];
        const profile = owner?.spec?.profile as
          | { displayName?: string }
          | undefined;
        return owner
          ? profile?.displayName ?? title(owner)
          : parseEntityRef(ref).name;
      });
      throw new NotAllowedError(
        `A pipeline may not give ${title(
          product,
        )} or its datasets another owner (${owners.join(
          ', ',
        )}): its owners change that in the portal.`,
      );
    }
    const initiator = { getInitiatorCredentials: async () => credentials };
    for (const owner of changed) {
      await requireOwnerChoice(this.options, initiator, owner);
    }
  }

  /** The user (their catalog profile), else the pipeline, as the commit's author. */
  async #author(credentials: BackstageCredentials): Promise<GitAuthor> {
    const { auth, catalog, userInfo } = this.options;
    if (auth.isPrincipal(credentials, 'user')) {
      const { userEntityRef } = await userInfo.getUserInfo(credentials);
      const entity = await catalog.getEntityByRef(userEntityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      return commitAuthor({
        ref: userEntityRef,
        entity: entity ?? {
          metadata: { name: parseEntityRef(userEntityRef).name },
        },
      });
    }
    const subject = auth.isPrincipal(credentials, 'service')
      ? credentials.principal.subject
      : 'meshport';
    return {
      name: `Pipeline ${subject}`,
      email: `${subject.replace(
        /[^A-Za-z0-9._-]+/g,
        '-',
      )}@pipelines.noreply.meshport`,
    };
  }
}
