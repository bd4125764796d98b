import type { PolicyDocument } from '../model';
import {
  canonicalPolicy,
  parsePolicyDocument,
  samePolicy,
} from './policyDocuments';

const doc: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Read',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: ['arn:aws:s3:::b/a/*', 'arn:aws:s3:::b/c/*'],
    },
    {
      Sid: 'List',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: ['arn:aws:s3:::b'],
      Condition: { StringLike: { 's3:prefix': ['a/*', 'c/*'] } },
    },
  ],
};

describe('policy documents', () => {
  it('parses documents as IAM returns them: URL-encoded', () => {
    const encoded = encodeURIComponent(JSON.stringify(doc, null, 2));
    expect(parsePolicyDocument(encoded)).toEqual(doc);
    expect(parsePolicyDocument(JSON.stringify(doc))).toEqual(doc);
  });

  it('treats spellings IAM evaluates alike as the same policy', () => {
    const respelled = {
      Statement: [
        {
          Effect: 'Allow',
          Sid: 'List',
          Action: 'S3:ListBucket',
          Resource: 'arn:aws:s3:::b',
          Condition: { StringLike: { 'S3:Prefix': ['c/*', 'a/*', 'a/*'] } },
        },
        {
          Sid: 'Read',
          Effect: 'Allow',
          Action: ['s3:GetObjectVersion', 's3:GetObject'],
          Resource: ['arn:aws:s3:::b/c/*', 'arn:aws:s3:::b/a/*'],
        },
      ],
      Version: '2012-10-17',
    };
    expect(samePolicy(doc, respelled as unknown as PolicyDocument)).toBe(true);
    expect(samePolicy(doc, encodeURIComponent(JSON.stringify(respelled)))).toBe(
      true,
    );
  });

  it('normalises principals', () => {
    const trust = (principal: unknown) =>
      ({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' },
        ],
      } as unknown as PolicyDocument);
    expect(samePolicy(trust('*'), trust({ AWS: ['*'] }))).toBe(true);
    expect(
      samePolicy(
        trust({ AWS: 'arn:aws:iam::111111111111:root' }),
        trust({ AWS: ['arn:aws:iam::111111111111:root'] }),
      ),
    ).toBe(true);
    expect(samePolicy(trust({ AWS: ['a'] }), trust({ Service: ['a'] }))).toBe(
      false,
    );
  });

  it('tells apart documents that grant something else', () => {
    const extra = structuredClone(doc);
    extra.Statement.push({
      Effect: 'Allow',
      Action: ['s3:*'],
      Resource: ['*'],
    });
    expect(samePolicy(doc, extra)).toBe(false);

    const otherResource = structuredClone(doc);
    otherResource.Statement[0].Resource = ['arn:aws:s3:::b/a/*'];
    expect(samePolicy(doc, otherResource)).toBe(false);

    const deny = structuredClone(doc);
    deny.Statement[0].Effect = 'Deny';
    expect(samePolicy(doc, deny)).toBe(false);

    const condition = structuredClone(doc);
    condition.Statement[1].Condition = { StringLike: { 's3:prefix': ['a/*'] } };
    expect(samePolicy(doc, condition)).toBe(false);

    // Resource ARNs are case-sensitive.
    const upper = structuredClone(doc);
    upper.Statement[0].Resource = ['arn:aws:s3:::B/a/*', 'arn:aws:s3:::b/c/*'];
    expect(samePolicy(doc, upper)).toBe(false);
  });

  it('canonicalises deterministically', () => {
    expect(canonicalPolicy(doc)).toBe(canonicalPolicy(structuredClone(doc)));
    expect(JSON.parse(canonicalPolicy(doc)).Version).toBe('2012-10-17');
  });
});
