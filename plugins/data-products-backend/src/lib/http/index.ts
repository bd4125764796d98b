/*
 * The pieces every route of the plugin shares: input parsing, entity-ref and
 * paging input, audited changes, and the OpenAPI validator's refusals as
 * sentences.
 */
export { parse, specRefusalOf, withSpecRefusals } from './parseInput';
export { entityRefOf } from './entityRef';
export { pageLimit, pageOffset } from './pagination';
export { audited, type AuditedEvent } from './audited';
export type { ApiRouter, RegisterRoutes } from './apiRouter';
export {
  describeSpecRefusals,
  isSpecRefusal,
  type InputLocation,
  type SpecRefusal,
} from './specErrors';
