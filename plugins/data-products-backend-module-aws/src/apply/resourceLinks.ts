/*
 * Resource links in a reader's account (Lake Formation mode, cross-account):
 * a Glue database `<producer environment>_<database>` whose `TargetDatabase`
 * is the producer account's database, created with the reader account's
 * credentials so its roles can query the shared tables in their own catalog.
 *
 * Meshport creates the links it plans and never changes a database of the
 * same name that is something else (that is a problem the read reports).
 */
import {
  CreateDatabaseCommand,
  GetDatabaseCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import type { AwsLakeFormationEnvironment } from '../model';

export type ResourceLink = AwsLakeFormationEnvironment['resourceLinks'][number];

/** What a database name holds: its target when it is a link, null when there is none. */
export type HeldLinks = Record<
  string,
  { catalogId: string; database: string } | null
>;

const nameOf = (error: unknown) =>
  (error as { name?: string } | undefined)?.name ?? '';

/** Reads the databases named like the planned links. */
export async function readResourceLinks(
  glue: GlueClient,
  links: ResourceLink[],
): Promise<HeldLinks> {
  const held: HeldLinks = {};
  for (const link of links) {
    try {
      const { Database } = await glue.send(
        new GetDatabaseCommand({ Name: link.name }),
      );
      held[link.name] = {
        catalogId: Database?.TargetDatabase?.CatalogId ?? '',
        database: Database?.TargetDatabase?.DatabaseName ?? '',
      };
    } catch (error) {
      if (nameOf(error) !== 'EntityNotFoundException') throw error;
      held[link.name] = null;
    }
  }
  return held;
}

/** Pure: planned links whose name holds another database (left alone). */
export function conflictingLinks(
  links: ResourceLink[],
  held: HeldLinks,
): ResourceLink[] {
  return links.filter(link => {
    const target = held[link.name];
    return (
      target &&
      (target.catalogId !== link.targetCatalogId ||
        target.database !== link.targetDatabase)
    );
  });
}

/** Pure: the planned links to create (all when nothing was read). */
export function missingLinks(
  links: ResourceLink[],
  held: HeldLinks | undefined,
): ResourceLink[] {
  return links.filter(link => !held || held[link.name] === null);
}

/** Creates the links; one created meanwhile counts as done. Returns the calls made. */
export async function createResourceLinks(
  glue: GlueClient,
  links: ResourceLink[],
): Promise<number> {
  for (const link of links) {
    try {
      await glue.send(
        new CreateDatabaseCommand({
          DatabaseInput: {
            Name: link.name,
            Description: `Meshport resource link to ${link.targetDatabase} of environment ${link.sourceEnvironment} (account ${link.targetCatalogId})`,
            TargetDatabase: {
              CatalogId: link.targetCatalogId,
              DatabaseName: link.targetDatabase,
            },
          },
        }),
      );
    } catch (error) {
      if (nameOf(error) !== 'AlreadyExistsException') throw error;
    }
  }
  return links.length;
}
