export { lineageApiRef } from './LineageApi';
export type { LineageApi } from './LineageApi';
export { LineageClient } from './LineageClient';
export type { LineageClientOptions } from './LineageClient';
