export { DataHomePage } from './DataHomePage';
export type { DataHomePageProps } from './DataHomePage';
