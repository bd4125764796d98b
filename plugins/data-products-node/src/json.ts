/*
 * JSON values. Structurally the same as `JsonValue` / `JsonObject` of
 * `@backstage/types`, so values typed with either are interchangeable.
 */

/** @public */
export type JsonPrimitive = number | string | boolean | null;
/** @public */
export type JsonObject = { [key in string]?: JsonValue };
/** @public */
export interface JsonArray extends Array<JsonValue> {}
/** @public */
export type JsonValue = JsonObject | JsonArray | JsonPrimitive;
