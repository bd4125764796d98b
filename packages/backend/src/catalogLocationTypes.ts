/*
 * Which location types people may register in the catalog (`POST /api/catalog/locations`).
 * Backstage allows only `url`; the embedded default adds `file`, so that `meshport apply <folder>`
 * on the portal's own machine registers the folder's catalog-info.yaml as it is. Set by
 * `meshport.catalog.allowedLocationTypes`; production portals leave it out (url only).
 * The same module adds FileLocationGuard, so that opening `file` does not open the host: a
 * registered file is read only if it is a catalog-info.yaml (DataProduct and Dataset documents
 * only) or lies in a folder the operator configured.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import {
  FileLocationGuard,
  readFileLocationGuardOptions,
} from './catalogFileLocations/FileLocationGuard';

export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'meshport-location-types',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations, processing, config }) {
        // Always, not only when `file` is allowed: the operator's files still load, and a file
        // Location planted in any entity cannot reach the rest of the host.
        processing.addProcessor(
          new FileLocationGuard(readFileLocationGuardOptions(config)),
        );
        const types = config.getOptionalStringArray(
          'meshport.catalog.allowedLocationTypes',
        );
        if (types) {
          locations.setAllowedLocationTypes(types);
        }
      },
    });
  },
});
