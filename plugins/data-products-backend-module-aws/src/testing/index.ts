/*
 * Test doubles for AWS: stateful fakes of IAM, Glue and Athena served behind
 * `aws-sdk-client-mock`. Used by this package's tests; not part of its API.
 */
export { FakeAws } from './FakeAws';
export type { FakeAccount } from './FakeAws';
export { FakeIam } from './FakeIam';
export { FakeGlue } from './FakeGlue';
export { FakeAthena } from './FakeAthena';
export type { FakeCall, FakeError } from './FakeService';
export { FakeS3 } from './FakeS3';
