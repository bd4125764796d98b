/*
 * GET /consumption?entityRef=…: the consumption model of a Dataset or a
 * DataProduct. Authenticated; the catalog answers with the caller's
 * credentials, so what they may not see stays unseen.
 */
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { z } from 'zod';
import { type ApiRouter, entityRefOf, parse } from '../lib/http';
import type { ConsumptionService } from './ConsumptionService';

const query = z.object({ entityRef: entityRefOf(['Dataset', 'DataProduct']) });

export function registerConsumptionRoutes(
  router: ApiRouter,
  options: {
    httpAuth: HttpAuthService;
    service: ConsumptionService;
  },
): void {
  router.get('/consumption', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef } = parse(query, req.query, 'query');
    res.json(await options.service.forEntity(entityRef, credentials));
  });
}
