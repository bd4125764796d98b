import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  dataProductsProvisionersExtensionPoint,
  dataProductsSliCollectorsExtensionPoint,
  dataProductsUsageCollectorsExtensionPoint,
} from '@meshport/plugin-data-products-node';
import { readEnvironmentsFromConfig } from '@meshport/plugin-data-products-common';
import { readAwsProvisionerConfig } from './config';
import { AwsProvisioner } from './provisioner';
import {
  GlueSliCollector,
  resolveSliEnvironment,
} from './slo/GlueSliCollector';
import { AwsClientCache } from './apply/clients';
import { AthenaUsageCollector } from './usage/AthenaUsageCollector';

/**
 * Adds the AWS provisioner (IAM roles and policies, S3 prefixes, Glue
 * databases, Athena workgroups) to the data-products backend plugin.
 *
 * @public
 */
export const dataProductsModuleAws = createBackendModule({
  pluginId: 'data-products',
  moduleId: 'aws',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        provisioners: dataProductsProvisionersExtensionPoint,
        sliCollectors: dataProductsSliCollectorsExtensionPoint,
        usageCollectors: dataProductsUsageCollectorsExtensionPoint,
      },
      async init({
        config,
        logger,
        provisioners,
        sliCollectors,
        usageCollectors,
      }) {
        // Invalid config fails the backend start with the offending key named.
        const awsConfig = readAwsProvisionerConfig(config);
        provisioners.addProvisioner(
          new AwsProvisioner({
            config: awsConfig,
            environments: readEnvironmentsFromConfig(config),
            logger,
          }),
        );
        // SLIs from the Glue catalog (table update time, row count,
        // readability); the backend runs collectors in apply mode only.
        const sliEnvironment = resolveSliEnvironment(
          config,
          readEnvironmentsFromConfig(config),
        );
        if (sliEnvironment) {
          sliCollectors.addSliCollector(
            new GlueSliCollector({
              environment: sliEnvironment,
              logger,
              config: awsConfig,
            }),
          );
        }
        // Reads per product per day from its Athena workgroups (apply mode only).
        const clients = new AwsClientCache(awsConfig);
        usageCollectors.addUsageCollector(
          new AthenaUsageCollector({
            environments: readEnvironmentsFromConfig(config),
            prefix: awsConfig.rolePrefix,
            athenaFor: environment => clients.for(environment).athena,
            logger,
          }),
        );
      },
    });
  },
});
