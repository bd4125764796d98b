/*
 * The paging input of the plugin's list routes: `?limit=` (1 to 100) and
 * `?offset=` (0 or more), each refused with one sentence naming the range.
 */
import { z } from 'zod';

const LIMIT_MESSAGE = 'must be a number between 1 and 100';
const OFFSET_MESSAGE = 'must be a whole number of at least 0';

/** `?limit=`: how many rows a page holds, 1 to 100. */
export const pageLimit = z.coerce
  .number({ error: LIMIT_MESSAGE })
  .int({ error: LIMIT_MESSAGE })
  .min(1, { error: LIMIT_MESSAGE })
  .max(100, { error: LIMIT_MESSAGE })
  .optional();

/** `?offset=`: how many rows to skip, 0 or more. */
export const pageOffset = z.coerce
  .number({ error: OFFSET_MESSAGE })
  .int({ error: OFFSET_MESSAGE })
  .min(0, { error: OFFSET_MESSAGE })
  .optional();
