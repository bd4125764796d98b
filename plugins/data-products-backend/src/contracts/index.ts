/*
 * Contracts: the ODCS contract of a Dataset and the ODPS document of a DataProduct, served from
 * the catalog (the mapping is pure, in the common package).
 */
import type {
  HttpAuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MeshportEnvironment,
  parseDuration,
} from '@meshport/plugin-data-products-common';
import { ContractsService } from './ContractsService';
import { createContractsRouter } from './router';

export { ContractsService } from './ContractsService';
export { createContractsRouter } from './router';

const NOTICE_PERIOD_KEY = 'meshport.contracts.noticePeriod';

/** `meshport.contracts.noticePeriod` (default `30d`); a bad value stops the start, naming the key. */
export function readNoticePeriod(config: RootConfigService): string {
  const value = config.getOptionalString(NOTICE_PERIOD_KEY) ?? '30d';
  if (parseDuration(value) === undefined) {
    throw new Error(
      `Invalid config at '${NOTICE_PERIOD_KEY}': expected a duration like 30d, got '${value}'`,
    );
  }
  return value;
}

export function createContractsFeature(options: {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  environments: MeshportEnvironment[];
  clock?: () => Date;
}) {
  const service = new ContractsService({
    ...options,
    noticePeriod: readNoticePeriod(options.config),
  });
  return { service, router: createContractsRouter({ ...options, service }) };
}
