/*
 * JSON body parsing for one route group, with that group's size limit.
 */
import { InputError } from '@backstage/errors';
import express from 'express';

/**
 * Body parser errors as sentences naming the body: bad JSON and a body over
 * `limit` are 400s that say what to do, not the parser's own words.
 */
export function bodyParserErrorsAsSentences(
  limit: string,
  tooLargeAdvice: string,
): express.ErrorRequestHandler {
  return (error, _req, _res, next) => {
    if (error?.type === 'entity.parse.failed') {
      next(new InputError(`body: must be valid JSON (${error.message})`));
    } else if (error?.type === 'entity.too.large') {
      next(new InputError(`body: must be at most ${limit}; ${tooLargeAdvice}`));
    } else {
      next(error);
    }
  };
}

/** The advice of the lineage routes for a body over their limit. */
export const LINEAGE_TOO_LARGE_ADVICE = 'send the events in smaller batches';
