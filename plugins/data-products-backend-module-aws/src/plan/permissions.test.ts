import { expandAction, iamActions } from './__fixtures__/iamActions';
import {
  ATHENA_WORKGROUP_ACTIONS,
  CLOUDWATCH_PUT_METRIC_ACTIONS,
  GLUE_ADMIN_ACTIONS,
  GLUE_READ_ACTIONS,
  GLUE_WRITE_ACTIONS,
  S3_BUCKET_LOCATION_ACTIONS,
  S3_LIST_ACTIONS,
  S3_READ_ACTIONS,
  S3_WRITE_ACTIONS,
} from './permissions';

/**
 * What each wildcard stands for, as documented in permissions.ts. When AWS
 * adds an action these match, this test fails, so that someone decides
 * whether the new action belongs to the role.
 */
const WILDCARDS: Record<string, string[]> = {
  'glue:GetDatabase*': ['glue:GetDatabase', 'glue:GetDatabases'],
  'glue:GetPartition*': [
    'glue:GetPartition',
    'glue:GetPartitionIndexes',
    'glue:GetPartitions',
  ],
  'glue:GetTable*': [
    'glue:GetTable',
    'glue:GetTableOptimizer',
    'glue:GetTableVersion',
    'glue:GetTableVersions',
    'glue:GetTables',
  ],
  'athena:BatchGet*': [
    'athena:BatchGetNamedQuery',
    'athena:BatchGetPreparedStatement',
    'athena:BatchGetQueryExecution',
  ],
  'athena:GetQuery*': [
    'athena:GetQueryExecution',
    'athena:GetQueryExecutions',
    'athena:GetQueryResults',
    'athena:GetQueryResultsStream',
    'athena:GetQueryRuntimeStatistics',
  ],
};

const ALL_LISTS = {
  S3_READ_ACTIONS,
  S3_WRITE_ACTIONS,
  S3_LIST_ACTIONS,
  S3_BUCKET_LOCATION_ACTIONS,
  GLUE_READ_ACTIONS,
  GLUE_WRITE_ACTIONS,
  GLUE_ADMIN_ACTIONS,
  ATHENA_WORKGROUP_ACTIONS,
  CLOUDWATCH_PUT_METRIC_ACTIONS,
};

describe('action lists', () => {
  it.each(Object.entries(ALL_LISTS))(
    '%s names only actions IAM knows, each wildcard exactly its documented set',
    (_, actions) => {
      const expansions = actions.map(action => ({
        action,
        expanded: expandAction(action),
      }));
      expect(expansions).toEqual(
        actions.map(action => ({
          action,
          expanded: action.includes('*') ? WILDCARDS[action] : [action],
        })),
      );
    },
  );

  it('wildcards match only reads', () => {
    const levels = Object.values(WILDCARDS)
      .flat()
      .map(action => {
        const [service, name] = action.split(':');
        const level = iamActions(service).find(
          a => a.action === `${service}:${name}`,
        )!.accessLevel;
        return [action, level];
      });
    expect(
      levels.filter(([, level]) => !['Read', 'List'].includes(level)),
    ).toEqual([]);
  });

  it('reads are a subset of writes, writes of management', () => {
    expect(GLUE_WRITE_ACTIONS).toEqual(
      expect.arrayContaining(GLUE_READ_ACTIONS),
    );
    expect(GLUE_ADMIN_ACTIONS).toEqual(
      expect.arrayContaining(GLUE_WRITE_ACTIONS),
    );
    expect(S3_WRITE_ACTIONS).toEqual(expect.arrayContaining(S3_READ_ACTIONS));
  });
});
