export { slosApiRef } from './SlosApi';
export type { SlosApi } from './SlosApi';
export { SlosClient } from './SlosClient';
export type { SlosClientOptions } from './SlosClient';
