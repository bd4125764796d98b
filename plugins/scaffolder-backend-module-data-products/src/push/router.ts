/*
 * `POST /api/data-products/local-git/push`: `meshport apply` of a product whose repository is on
 * the portal host. Body `{ entityRef, entities }`: the product's validated documents, which
 * replace the repository's catalog-info.yaml. Answers `{ entityRef, repository, commitHash,
 * changed }`; every attempt is an auditor event.
 */
import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import type { LocalGitPushService } from './LocalGitPushService';
import { parseProductRef } from './LocalGitPushService';

/** Backstage's error names whose message is written for the caller. */
const KNOWN_ERRORS: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  // the git CLI is missing on the portal host
  ServiceUnavailableError: 503,
};

/** The body, or an InputError naming the field. Pure. */
export function parsePushBody(body: unknown): {
  entityRef: string;
  entities: unknown[];
} {
  const value = (body ?? {}) as { entityRef?: unknown; entities?: unknown };
  const entityRef = parseProductRef(value.entityRef);
  if (!Array.isArray(value.entities) || value.entities.length === 0) {
    throw new InputError(
      'entities: must be the DataProduct and Datasets of the product, as a non-empty array of entities',
    );
  }
  return { entityRef, entities: value.entities };
}

export function createLocalGitPushRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  service: LocalGitPushService;
}): express.Router {
  const { httpAuth, auditor, logger, service } = options;
  const router = Router();
  router.use('/local-git', express.json({ limit: '5mb' }));

  router.post('/local-git/push', async (req, res) => {
    const event = await auditor.createEvent({
      eventId: 'local-git-push',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef: req.body?.entityRef },
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { entityRef, entities } = parsePushBody(req.body);
      const result = await service.push(credentials, entityRef, entities);
      await event.success({ meta: { ...result, documents: entities.length } });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  // Errors of these routes answer here: a sentence for the caller, never a stack.
  router.use(
    '/local-git',
    (
      error: Error & { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const parserStatus =
        error.type && typeof error.status === 'number' ? error.status : 0;
      const status = KNOWN_ERRORS[error.name] ?? parserStatus;
      if (status) {
        res.status(status).json({
          error: {
            name: error.name,
            message: parserStatus
              ? `body: must be a JSON object of at most 5 MB (${error.message})`
              : error.message,
          },
        });
        return;
      }
      logger.error(`The push to a local repository failed: ${error.stack}`);
      res.status(500).json({
        error: {
          name: 'Error',
          message:
            "The push to the product's repository failed; the portal's log says why.",
        },
      });
    },
  );
  return router;
}
