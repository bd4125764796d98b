export { retirementApiRef } from './RetirementApi';
export type { RetirementApi } from './RetirementApi';
export { RetirementClient } from './RetirementClient';
export type { RetirementClientOptions } from './RetirementClient';
