export { AccessLevelChip } from './AccessLevelChip';
