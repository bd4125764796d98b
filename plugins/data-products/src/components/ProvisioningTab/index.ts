export { EntityProvisioningContent } from './EntityProvisioningContent';
export type { EntityProvisioningContentProps } from './EntityProvisioningContent';
