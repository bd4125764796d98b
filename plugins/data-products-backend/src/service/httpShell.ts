/*
 * The plugin's one HTTP shell: each route group's JSON body parser with its
 * own limit, then the router typed and validated by the OpenAPI document
 * (src/schema/openapi.yaml), on which each feature registers its routes (so
 * their params, query, body and response types are the document's), then the
 * plugin's one error middleware, last.
 *
 * Where the document refuses a request, the request still reaches its route
 * so that the route's own schema names the field in its words; the shared
 * `parse` refuses with the document's sentence what the route's schema would
 * accept (see lib/http/parseInput).
 */
import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import {
  bodyParserErrorsAsSentences,
  LINEAGE_TOO_LARGE_ADVICE,
} from '../lib/http/bodyParsing';
import {
  type ApiRouter,
  describeSpecRefusals,
  isSpecRefusal,
  type RegisterRoutes,
  withSpecRefusals,
} from '../lib/http';
import { readLineageConfig } from '../lineage/config';
import { type EndpointMap, spec } from '../schema/openapi';
import { createErrorHandler } from './errorHandler';

/** The JSON body limit of each route group. */
export function bodyLimits(config: RootConfigService): Record<string, string> {
  return {
    // batches of OpenLineage events (meshport.lineage.bodyLimit)
    '/lineage': readLineageConfig(config).bodyLimit,
    // up to 1,000 SLO measurements a request
    '/slo': '2mb',
    // up to 100 draft entities for a preview
    '/provisioning': '1mb',
    '/access': '100kb',
    '/retirement': '100kb',
  };
}

export function createHttpShell(options: { config: RootConfigService }): {
  shell: express.Router;
  routes: ApiRouter;
} {
  const limits = bodyLimits(options.config);
  const shell = Router();
  for (const [group, limit] of Object.entries(limits)) {
    shell.use(group, express.json({ limit }));
  }
  shell.use(
    '/lineage',
    bodyParserErrorsAsSentences(limits['/lineage'], LINEAGE_TOO_LARGE_ADVICE),
  );

  const routes =
    createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(spec, {
      // the groups' parsers above have read every body a route takes
      middleware: [express.json({ limit: '100kb' })],
      validatorOptions: {
        validateRequests: {
          coerceTypes: false,
          // query parameters a route does not know are ignored, as before
          allowUnknownQueryParameters: true,
        },
        // every route authenticates with the httpAuth service
        validateSecurity: false,
      },
    });
  routes.use(
    (
      error: unknown,
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      if (!isSpecRefusal(error)) {
        next(error);
        return;
      }
      withSpecRefusals(describeSpecRefusals(error.message), () => next());
    },
  );
  shell.use(routes);
  return { shell, routes };
}

/**
 * The plugin's one router: the shell, every feature's routes registered on
 * its typed router in the order given, and the one error middleware.
 */
export function createPluginRouter(options: {
  config: RootConfigService;
  logger: LoggerService;
  routes: RegisterRoutes[];
}): express.Router {
  const { shell, routes } = createHttpShell(options);
  for (const register of options.routes) {
    register(routes);
  }
  shell.use(createErrorHandler({ logger: options.logger }));
  return shell;
}
