/* Test helpers: a mock action context that records outputs and can keep checkpoints. */
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
