/*
 * Which location types people may register in the catalog (`POST /api/catalog/locations`).
 * Backstage allows only `url`; the embedded default adds `file`, so that `meshport apply <folder>`
 * on the portal's own machine registers the folder's catalog-info.yaml as it is. Set by
 * `meshport.catalog.allowedLocationTypes`; production portals leave it out (url only).
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'meshport-location-types',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations, config }) {
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
