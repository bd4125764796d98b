/**
 * Meshport's permission rules: a policy module for portals without a policy of their own, and
 * the rules as functions for portals that have one.
 *
 * @packageDocumentation
 */
export { permissionModuleDataProductsPolicy as default } from './module';
export { MeshportPermissionPolicy } from './policy';
export {
  createEntityOwnerDecision,
  decideMeshportPermission,
  isMeshportAdmin,
  isMeshportPermission,
  readMeshportAdmins,
} from './rules';
