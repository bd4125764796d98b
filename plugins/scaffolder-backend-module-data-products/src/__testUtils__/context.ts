/* Test helpers: a mock action context that records outputs and can keep checkpoints. */
import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject } from '@backstage/types';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

export function mockContext(
  input: JsonObject,
  options: {
    workspacePath: string;
    isDryRun?: boolean;
    /** Shared between runs to act like a retried task. */
    checkpoints?: Map<string, unknown>;
    taskId?: string;
    /** The user who started the task; default the mock user (user:default/mock). */
    userRef?: string;
  },
) {
  const base = createMockActionContext({
    input,
    workspacePath: options.workspacePath,
    task: { id: options.taskId ?? 'task-1' },
  });
  const outputs: Record<string, any> = {};
  const warnings: string[] = [];
  const infos: string[] = [];
  const logger = {
    ...base.logger,
    info: (message: string) => {
      infos.push(message);
    },
    warn: (message: string) => {
      warnings.push(message);
    },
  } as typeof base.logger;
  const ctx = {
    ...base,
    ...(options.userRef
      ? {
          getInitiatorCredentials: async () =>
            mockCredentials.user(options.userRef),
        }
      : {}),
    logger,
    isDryRun: options.isDryRun ?? false,
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    ...(options.checkpoints
      ? {
          checkpoint: async ({ key, fn }: { key: string; fn: () => any }) => {
            if (options.checkpoints!.has(key)) {
              return options.checkpoints!.get(key);
            }
            const value = await fn();
            options.checkpoints!.set(key, value);
            return value;
          },
        }
      : {}),
  };
  return { ctx: ctx as any, outputs, warnings, infos };
}

/** The input of the (only) step of an action example. */
export function exampleInput(example: TemplateExample): JsonObject {
  return yaml.parse(example.example).steps[0].input;
}

export async function writeFiles(
  root: string,
  files: Record<string, string>,
): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), content);
  }
}

export const productYaml = (
  name = 'customer-churn',
  extra = '',
) => `apiVersion: meshport.io/v1alpha1
kind: DataProduct
metadata:
  name: ${name}
spec:
  owner: team-sales
  domain: sales
  environments: [dev, prd]
${extra}`;

export const datasetYaml = (
  name = 'churn-scores',
  product = 'customer-churn',
  access = 'restricted',
) => `apiVersion: meshport.io/v1alpha1
kind: Dataset
metadata:
  name: ${name}
spec:
  dataProduct: ${product}
  owner: team-sales
  access: ${access}
  outputs:
    - type: s3
      bucket: datalake
      path: ${product}/${name}/
`;

export const testEnvironments = ['dev', 'prd'].map((name, i) => ({
  name,
  accountId: `${i + 1}`.repeat(12),
  region: 'eu-west-1',
  buckets: { datalake: { name: `meshport-${name}-datalake` } },
  readsFrom: [],
}));

/**
 * Permissions and user info that decide like Meshport's policy: admins may
 * do anything; a resource permission is allowed to the owners of the entity
 * (`spec.owner`, by the user's groups); the admin permission to admins only.
 */
export function ownerPermissions(options: {
  entities: Entity[];
  /** User ref -> the group refs the user is a member of. */
  memberships: Record<string, string[]>;
  admins?: string[];
}): { permissions: PermissionsService; userInfo: UserInfoService } {
  const claimsOf = (credentials: BackstageCredentials) => {
    const principal = credentials.principal as { userEntityRef?: string };
    const user = principal.userEntityRef;
    return user ? [user, ...(options.memberships[user] ?? [])] : [];
  };
  const isService = (credentials: BackstageCredentials) =>
    (credentials.principal as { type?: string }).type === 'service';
  const decide = (
    request: { permission: Permission; resourceRef?: string },
    credentials: BackstageCredentials,
  ) => {
    const claims = claimsOf(credentials);
    if (
      isService(credentials) ||
      claims.some(ref => options.admins?.includes(ref))
    ) {
      return AuthorizeResult.ALLOW;
    }
    if (request.permission.name === 'data-products.provisioning.admin') {
      return AuthorizeResult.DENY;
    }
    if (!request.resourceRef) {
      return AuthorizeResult.ALLOW;
    }
    const entity = options.entities.find(
      e => stringifyEntityRef(e) === request.resourceRef,
    );
    const owner = (entity?.spec as { owner?: string } | undefined)?.owner;
    return owner &&
      claims.includes(
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        ),
      )
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  };
  return {
    permissions: {
      authorize: async (requests: any[], { credentials }: any) =>
        requests.map(request => ({ result: decide(request, credentials) })),
      // Other plugins' conditional checks (e.g. the scaffolder's own) are not this test's subject.
      authorizeConditional: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as unknown as PermissionsService,
    userInfo: {
      getUserInfo: async (credentials: BackstageCredentials) => {
        const claims = claimsOf(credentials);
        return { userEntityRef: claims[0], ownershipEntityRefs: claims };
      },
    },
  };
}

/** The product and team fixtures the ownership tests share. */
export const salesProduct = (annotations: Record<string, string> = {}) => ({
  apiVersion: 'meshport.io/v1alpha1',
  kind: 'DataProduct',
  metadata: {
    name: 'customer-churn',
    namespace: 'default',
    title: 'Customer churn',
    annotations,
  },
  spec: { owner: 'group:default/team-sales', domain: 'sales' },
});
export const teams: Entity[] = ['team-sales', 'team-marketing'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    title: name === 'team-sales' ? 'Team Sales' : 'Team Marketing',
  },
  spec: { type: 'team', children: [] },
}));
/** The mock user of createMockActionContext is in team-sales; marketer is not. */
export const MEMBERSHIPS = {
  'user:default/mock': ['group:default/team-sales'],
  'user:default/marketer': ['group:default/team-marketing'],
};
