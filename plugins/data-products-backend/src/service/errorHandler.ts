/*
 * The one error middleware of the plugin's routes. An error written for the
 * caller keeps its status and message (Backstage's error names: 400, 401,
 * 403, 404, 409, 501, 503, or a body parser's 400/413). A database that is locked, closed or
 * unreachable is a 503 with Retry-After. Anything else is a 500 whose body
 * says only that it is logged: SQL statements, their values and stacks go to
 * the log, never into a response.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ErrorRequestHandler } from 'express';

/** Seconds a client should wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Backstage's error names whose message is written for the caller. */
const KNOWN_ERRORS: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotImplementedError: 501,
  // thrown by our own code when a dependency (e.g. AWS) is down; says which
  ServiceUnavailableError: 503,
};

/** SQLite result codes of a database that is busy, locked, gone or unreadable. */
const SQLITE_UNAVAILABLE =
  /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|NOTADB|CORRUPT|FULL|READONLY)/;
/** PostgreSQL SQLSTATEs: connection exceptions, shutdowns, too many connections. */
const POSTGRES_UNAVAILABLE = /^(08\w{3}|57P0[1-3]|53300|55P03|55000)$/;
const NETWORK_UNAVAILABLE =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE)$/;
const UNAVAILABLE_MESSAGES = [
  /Unable to acquire a connection/i,
  /Timeout acquiring a connection/i,
  /The database connection is not open/i,
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /database is locked/i,
];

/**
 * Whether the error (or one of its causes) says the database cannot be used
 * right now: locked or busy (SQLite), closed, refused, shut down, or its
 * connection pool exhausted. Pure.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let current: any = error, depth = 0;
    current && depth < 5;
    current = current.cause, depth++
  ) {
    const code = typeof current.code === 'string' ? current.code : '';
    if (
      SQLITE_UNAVAILABLE.test(code) ||
      POSTGRES_UNAVAILABLE.test(code) ||
      NETWORK_UNAVAILABLE.test(code) ||
      current.name === 'KnexTimeoutError' ||
      UNAVAILABLE_MESSAGES.some(pattern =>
        pattern.test(String(current.message ?? '')),
      )
    ) {
      return true;
    }
  }
  return false;
}

/** The status an error written for the caller keeps, or undefined for an unexpected one. Pure. */
export function knownErrorStatus(error: any): number | undefined {
  const status = error?.statusCode ?? error?.status;
  if (
    Number.isInteger(status) &&
    status >= 400 &&
    status < 500 &&
    // body-parser and http-errors mark what may be shown to the client
    (error.expose === true || KNOWN_ERRORS[error.name] !== undefined)
  ) {
    return status;
  }
  return KNOWN_ERRORS[error?.name];
}

/** The error middleware for every router of the plugin; mount it last. */
export function createErrorHandler(options: {
  logger: LoggerService;
}): ErrorRequestHandler {
  const logger = options.logger.child({ type: 'errorHandler' });
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let statusCode: number;
    let name: string;
    let message: string;
    const knownStatus = knownErrorStatus(error);
    if (knownStatus !== undefined) {
      statusCode = knownStatus;
      name = String(error.name ?? 'Error');
      message = String(error.message);
      if (statusCode === 503) {
        res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      }
    } else if (isDatabaseUnavailable(error)) {
      logger.warn(
        `The database is unavailable for ${req.method} ${req.path}`,
        error,
      );
      statusCode = 503;
      name = 'ServiceUnavailableError';
      message = `The database is unavailable right now; try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`;
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    } else {
      logger.error(`${req.method} ${req.path} failed`, error);
      statusCode = 500;
      name = 'Error';
      message =
        'The server could not complete the request; the details are in its log.';
    }
    res.status(statusCode).json({
      error: { name, message },
      request: { method: req.method, url: req.originalUrl ?? req.url },
      response: { statusCode },
    });
  };
}
