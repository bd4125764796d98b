/*
 * The plugin's router typed by the OpenAPI document (src/schema/openapi.yaml):
 * each feature registers its routes on it, so a route's path, params, query,
 * body and response types are the document's, and a handler that disagrees
 * with the document does not compile.
 */
import type { TypedRouter } from '@backstage/backend-openapi-utils';
import type { EndpointMap } from '../../schema/openapi';

/** The router of every route the document describes. */
export type ApiRouter = TypedRouter<EndpointMap>;

/** Registers a feature's routes on the plugin's typed router. */
export type RegisterRoutes = (router: ApiRouter) => void;
