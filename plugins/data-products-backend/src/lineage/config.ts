/*
 * `meshport.lineage` configuration, read and validated at start-up.
 */
import { Config } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { readDurationConfig } from '../lib/config';
import { DAY_MS } from '../lib/time';

export interface LineageConfig {
  /** How long events, the graph and usage are kept. */
  retentionMs: number;
  /** How often unmatched datasets are matched again and old rows deleted. */
  maintenanceFrequency: HumanDuration;
  /** Namespace prefixes whose `[catalog.]database.table` names are Glue tables. */
  tableNamespaces: string[];
  /** The largest request body of the ingest route. */
  bodyLimit: string;
}

const KEY = 'meshport.lineage';

export function readLineageConfig(root: Config): LineageConfig {
  const config = root.getOptionalConfig(KEY);
  const retentionMs = config
    ? durationToMilliseconds(
        readDurationConfig(config, {
          prefix: KEY,
          key: 'retention',
          fallback: { days: 90 },
          example: "{ days: 90 } or '90d'",
          atLeast: { ms: DAY_MS, words: 'one day' },
        }),
      )
    : 90 * DAY_MS;
  const tableNamespaces =
    config?.getOptionalStringArray('tableNamespaces') ?? [];
  tableNamespaces.forEach((prefix, i) => {
    if (!/^[a-z][a-z0-9+.-]*:\/\//.test(prefix)) {
      throw new Error(
        `Invalid config at '${KEY}.tableNamespaces[${i}]': expected a namespace prefix such as trino://trino.internal:443 or duckdb:// (got ${JSON.stringify(
          prefix,
        )})`,
      );
    }
  });
  return {
    retentionMs,
    maintenanceFrequency: { minutes: 10 },
    tableNamespaces,
    bodyLimit: '10mb',
  };
}
