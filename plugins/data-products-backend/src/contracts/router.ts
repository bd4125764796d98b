/*
 * GET /contracts/:namespace/:name?format=odcs  the Dataset's ODCS v3.1 contract
 * GET /contracts/:namespace/:name?format=odps  the DataProduct's ODPS v1.0 document
 * YAML by default (`Accept: application/yaml`), JSON for `Accept: application/json`.
 * GET /contracts/:namespace/:name/pending      newer major versions replacing the Dataset
 * Authenticated; what the caller may read is the catalog's decision.
 */
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type express from 'express';
import { stringify } from 'yaml';
import { z } from 'zod';
import { type ApiRouter, parse } from '../lib/http';
import type { ContractsService } from './ContractsService';

export interface ContractsRouterOptions {
  httpAuth: HttpAuthService;
  service: ContractsService;
}

const NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/;

const params = z.object({
  namespace: z.string().regex(NAME, { error: 'must be a namespace' }),
  name: z.string().regex(NAME, { error: 'must be an entity name' }),
});

const query = z.strictObject({
  format: z
    .enum(['odcs', 'odps'], {
      error: 'must be odcs (a Dataset) or odps (a DataProduct)',
    })
    .default('odcs'),
});

/**
 * Answers with the document as YAML: the document's object, serialised in
 * the media type the OpenAPI document gives for it (application/yaml).
 */
function sendYaml(res: express.Response, document: object) {
  res.type('application/yaml').send(stringify(document, { lineWidth: 0 }));
}

export function registerContractsRoutes(
  router: ApiRouter,
  options: ContractsRouterOptions,
): void {
  const { httpAuth, service } = options;

  router.get('/contracts/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = parse(params, req.params, 'params');
    const { format } = parse(query, req.query, 'query');
    const document =
      format === 'odcs'
        ? await service.getDatasetContract(
            stringifyEntityRef({ kind: 'Dataset', namespace, name }),
            credentials,
          )
        : await service.getProductDocument(
            stringifyEntityRef({ kind: 'DataProduct', namespace, name }),
            credentials,
          );
    const file = `${name}.${format}`;
    if (
      req.accepts(['application/yaml', 'application/json']) ===
      'application/json'
    ) {
      res.setHeader('Content-Disposition', `inline; filename="${file}.json"`);
      res.json(document);
      return;
    }
    res.setHeader('Content-Disposition', `inline; filename="${file}.yaml"`);
    sendYaml(res, document);
  });

  router.get('/contracts/:namespace/:name/pending', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { namespace, name } = parse(params, req.params, 'params');
    res.json(
      await service.getPendingVersions(
        stringifyEntityRef({ kind: 'Dataset', namespace, name }),
        credentials,
      ),
    );
  });
}
