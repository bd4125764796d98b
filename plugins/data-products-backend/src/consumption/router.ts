/*
 * GET /consumption?entityRef=…: the consumption model of a Dataset or a
 * DataProduct. Authenticated; the catalog answers with the caller's
 * credentials, so what they may not see stays unseen.
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type {
  HttpAuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { entityRefOf, parse } from '../lib/http';
import type { ConsumptionService } from './ConsumptionService';

const query = z.object({ entityRef: entityRefOf(['Dataset', 'DataProduct']) });

export function createConsumptionRouter(options: {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  service: ConsumptionService;
}): express.Router {
  const router = Router();
  router.get('/consumption', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef } = parse(query, req.query, 'query');
    res.json(await options.service.forEntity(entityRef, credentials));
  });
  router.use(
    '/consumption',
    MiddlewareFactory.create({
      config: options.config,
      logger: options.logger,
    }).error(),
  );
  return router;
}
