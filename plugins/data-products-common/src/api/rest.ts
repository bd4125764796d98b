/*
 * Helpers for the public REST types, which are the models generated from the
 * backend's OpenAPI document (`plugins/data-products-backend/src/schema/openapi.yaml`).
 */

/**
 * A generated model with its free-form JSON values read as `unknown`: the
 * generator types an object with `additionalProperties: true` as
 * `{ [key: string]: any }`, which would switch type checking off for whoever
 * reads it.
 *
 * @public
 */
export type JsonValuesUnknown<T> = 0 extends 1 & T
  ? unknown
  : T extends ReadonlyArray<infer U>
  ? Array<JsonValuesUnknown<U>>
  : T extends object
  ? { [K in keyof T]: JsonValuesUnknown<T[K]> }
  : T;

/**
 * The values of a string union generated from the document, listed once for
 * use at run time: a value the document lacks, or one of its values missing
 * here, fails to compile.
 */
export function valuesOf<T extends string>() {
  return <const A extends readonly T[]>(
    values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : never),
  ): A => values;
}
