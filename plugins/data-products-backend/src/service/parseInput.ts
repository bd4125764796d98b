/*
 * Kept for the routers that import it from here: the plugin's one input
 * parser lives in `lib/http/parseInput`.
 */
export { parse } from '../lib/http/parseInput';
