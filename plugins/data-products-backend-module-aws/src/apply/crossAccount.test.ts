import type { PolicyStatement } from '../model';
import { mergeMeshportStatements } from './crossAccount';

const read = (resource: string): PolicyStatement => ({
  Sid: 'MeshportDevReadObjects',
  Effect: 'Allow',
  Principal: { AWS: ['arn:aws:iam::111111111111:root'] },
  Action: ['s3:GetObject'],
  Resource: [resource],
});
const foreign = {
  Sid: 'AllowAudit',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::333333333333:root' },
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::b/audit/*',
};

describe('mergeMeshportStatements', () => {
  it('adds Meshport statements to a bucket without a policy', () => {
    const merged = mergeMeshportStatements(undefined, [
      read('arn:aws:s3:::b/x/*'),
    ]);
    expect(merged.changed).toBe(true);
    expect(merged.document.Statement).toEqual([read('arn:aws:s3:::b/x/*')]);
  });

  it('replaces stale Meshport statements (a grant ended) and keeps everyone else’s', () => {
    const existing = JSON.stringify({
      Version: '2012-10-17',
      Statement: [foreign, read('arn:aws:s3:::b/old/*')],
    });
    const merged = mergeMeshportStatements(existing, [
      read('arn:aws:s3:::b/x/*'),
    ]);
    expect(merged.changed).toBe(true);
    expect(merged.document.Statement).toEqual([
      foreign,
      read('arn:aws:s3:::b/x/*'),
    ]);
  });

  it('sees no change when the policy holds the planned statements in AWS’s spelling', () => {
    // AWS returns single values as strings, not one-element lists.
    const existing = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        foreign,
        {
          Sid: 'MeshportDevReadObjects',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/x/*',
        },
      ],
    });
    expect(
      mergeMeshportStatements(existing, [read('arn:aws:s3:::b/x/*')]).changed,
    ).toBe(false);
  });

  it('removes every Meshport statement when nothing is read any more', () => {
    const existing = JSON.stringify({
      Version: '2012-10-17',
      Statement: [foreign, read('arn:aws:s3:::b/x/*')],
    });
    const merged = mergeMeshportStatements(existing, []);
    expect(merged.changed).toBe(true);
    expect(merged.document.Statement).toEqual([foreign]);
  });
});
