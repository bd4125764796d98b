/*
 * Routes registered on the plugin's router are typed by the OpenAPI document:
 * the `@ts-expect-error`s below are checked by `yarn tsc` (a handler that
 * disagrees with the document does not compile), and the requests show what
 * the registered routes answer through the shell and its one error middleware.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import type { ApiRouter } from '../lib/http';
import { createPluginRouter } from './httpShell';

function start(register: (router: ApiRouter) => void) {
  return express().use(
    createPluginRouter({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
      routes: [register],
    }),
  );
}

describe('routes typed by the OpenAPI document', () => {
  it('answers with what a registered route sends, typed by its operation', async () => {
    const app = start(router => {
      router.get('/retirement/states', async (_req, res) => {
        res.json({
          items: [
            {
              dataProduct: 'dataproduct:default/orders',
              datasets: ['dataset:default/orders'],
              state: 'retiring',
              sunset: '2026-12-21T00:00:00.000Z',
            },
          ],
        });
      });
      router.get('/access/requests/:id', async (req, _res) => {
        throw new NotFoundError(`No access request ${req.params.id}`);
      });
    });

    const states = await request(app).get('/retirement/states');
    expect(states.status).toBe(200);
    expect(states.body.items[0].state).toBe('retiring');
    const missing = await request(app).get('/access/requests/r-1');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('No access request r-1');
  });

  it('does not compile a handler that disagrees with the document', async () => {
    const app = start(router => {
      router.get('/retirement/states', async (_req, res) => {
        // @ts-expect-error the document's answer is { items }, not a list
        res.json([]);
      });
      router.get('/slo/summary', async (req, res) => {
        res.json({
          // @ts-expect-error the document's query has dataProduct, not entityRef
          dataProduct: req.query.entityRef,
          evaluatedAt: '2026-12-06T00:00:00.000Z',
          sampleData: false,
          datasets: [],
        });
      });
      // @ts-expect-error the document has no /slo/nowhere
      router.get('/slo/nowhere', async (_req, res) => {
        res.json({});
      });
    });
    // At run time the validator lets an undocumented route answer: only the
    // compiler (and src/schema/openapi.test.ts) stops it.
    const response = await request(app).get('/slo/nowhere');
    expect(response.status).toBe(200);
  });
});
