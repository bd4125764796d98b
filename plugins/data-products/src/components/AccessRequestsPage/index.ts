export { AccessRequestsPage } from './AccessRequestsPage';
export type { AccessRequestsPageProps } from './AccessRequestsPage';
