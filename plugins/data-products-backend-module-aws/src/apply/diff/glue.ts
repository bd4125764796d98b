/* The Glue database family of the differ. */
import type { AwsGlueDatabase } from '../../model';
import { GlueDatabaseDetails } from '../operations';
import { Phase, tagsDiffer } from './common';
import { ManagedResourceFamily } from './managed';

function glueDetails(database: AwsGlueDatabase): GlueDatabaseDetails {
  return {
    catalogId: database.catalogId,
    name: database.name,
    arn: database.arn,
    description: database.description,
    tags: database.tags,
  };
}

export const glueDatabases: ManagedResourceFamily<
  AwsGlueDatabase,
  AwsGlueDatabase,
  GlueDatabaseDetails,
  'description' | 'tags'
> = {
  resourceType: 'glue-database',
  label: 'Glue database',
  upsertPhase: Phase.GlueUpsert,
  deletePhase: Phase.GlueDelete,
  details: glueDetails,
  changes(database, existing) {
    const changes: Array<'description' | 'tags'> = [];
    if (existing.description !== database.description)
      changes.push('description');
    if (tagsDiffer(database.tags, existing.tags)) changes.push('tags');
    return changes;
  },
  deleteDescription: database =>
    `Delete Glue database ${database.name} (only if it holds no tables)`,
  deleteDetails(database) {
    const { catalogId, name, arn } = database;
    return { catalogId, name, arn };
  },
};
