export { EntityContractContent } from './EntityContractContent';
export { DownloadContractButton } from './DownloadContractButton';
export type { DownloadContractButtonProps } from './DownloadContractButton';
