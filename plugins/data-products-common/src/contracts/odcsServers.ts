/*
 * Dataset outputs <-> ODCS `servers[]`. With the configured environments each output becomes one
 * server per environment, with the real bucket name and the environment's AWS account; without
 * them, one server per output with the bucket id (the form a product repository writes).
 */
import type { DataOutput, MeshportEnvironment } from '../types';
import { asString, readCustomProperties } from './common';
import { isJsonObject, JsonObject, JsonValue } from './remainder';

const TABLE_PROPERTY = 'meshport.table';

function serverBaseName(output: DataOutput): string {
  return output.type === 's3'
    ? `s3-${output.bucket}`
    : `glue-${output.database}${output.table ? `-${output.table}` : ''}`;
}

function outputToServer(
  output: DataOutput,
  environment: MeshportEnvironment | undefined,
): JsonObject {
  const server: JsonObject = {
    server: serverBaseName(output),
    type: output.type,
  };
  if (environment) {
    server.server = `${environment.name}-${server.server}`;
    server.environment = environment.name;
  }
  if (output.type === 's3') {
    const bucket = environment?.buckets[output.bucket]?.name ?? output.bucket;
    server.location = `s3://${bucket}/${output.path}`;
    if (output.format) {
      server.format = output.format;
    }
  } else {
    if (environment) {
      server.account = environment.accountId;
    }
    server.database = output.database;
    if (output.table) {
      server.customProperties = [
        { property: TABLE_PROPERTY, value: output.table },
      ];
    }
  }
  return server;
}

/** The servers of a dataset's outputs: per environment when environments are given. */
export function exportServers(
  outputs: DataOutput[],
  environments: MeshportEnvironment[] | undefined,
): JsonObject[] {
  const perEnvironment: Array<MeshportEnvironment | undefined> =
    environments && environments.length > 0 ? environments : [undefined];
  const servers = perEnvironment.flatMap(environment =>
    outputs.map(output => outputToServer(output, environment)),
  );
  // Server names are keys: number repeated ones (two outputs in the same bucket).
  const seen = new Map<string, number>();
  for (const server of servers) {
    const name = server.server as string;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    if (count > 1) {
      server.server = `${name}-${count}`;
    }
  }
  return servers;
}

function bucketIdOf(
  bucketName: string,
  environment: MeshportEnvironment | undefined,
): string {
  if (environment) {
    const found = Object.entries(environment.buckets).find(
      ([, bucket]) => bucket.name === bucketName,
    );
    if (found) {
      return found[0];
    }
  }
  return bucketName;
}

function parseS3Location(location: string) {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  return match ? { bucket: match[1], path: match[2] } : undefined;
}

/**
 * Outputs from servers. Servers of several environments describe the same outputs, so only
 * those of one environment are read: the first configured one present, else the first named.
 * Servers of other types (postgres, kafka ...) have no Meshport output; the caller's remainder
 * keeps them.
 */
export function importServers(
  servers: JsonValue | undefined,
  environments: MeshportEnvironment[] | undefined,
  physicalName: string | undefined,
): DataOutput[] {
  if (!Array.isArray(servers)) {
    return [];
  }
  const list = servers.filter(isJsonObject);
  const named = list
    .map(server => asString(server.environment))
    .filter((name): name is string => name !== undefined);
  const chosenName =
    environments?.find(environment => named.includes(environment.name))?.name ??
    named[0];
  const environment = environments?.find(e => e.name === chosenName);
  const chosen = list.filter(
    server => asString(server.environment) === chosenName,
  );
  const glueCount = chosen.filter(server => server.type === 'glue').length;

  const outputs: DataOutput[] = [];
  for (const server of chosen) {
    if (server.type === 's3' && typeof server.location === 'string') {
      const location = parseS3Location(server.location);
      if (location && location.path) {
        const format = asString(server.format);
        outputs.push({
          type: 's3',
          bucket: bucketIdOf(location.bucket, environment),
          path: location.path,
          ...(format ? { format } : {}),
        });
      }
    } else if (server.type === 'glue' && asString(server.database)) {
      const table =
        asString(
          readCustomProperties(server.customProperties).get(TABLE_PROPERTY),
        ) ?? (glueCount === 1 ? physicalName : undefined);
      outputs.push({
        type: 'glue',
        database: server.database as string,
        ...(table ? { table } : {}),
      });
    }
  }
  return outputs;
}
