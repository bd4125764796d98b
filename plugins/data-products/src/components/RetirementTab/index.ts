export { EntityRetirementContent } from './EntityRetirementContent';
export type { EntityRetirementContentProps } from './EntityRetirementContent';
export { EntityRetirementBanner } from './EntityRetirementBanner';
export { isRetiringOrRetired } from './conditions';
