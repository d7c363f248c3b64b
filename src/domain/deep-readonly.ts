/**
 * Deep immutability, in types and at run time. Validated requests are frozen so that nothing between
 * validation and send can swap the recipient or the wording (docs/reliability.md C3, wrong-recipient hazard).
 */
export type DeepReadonly<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : { readonly [K in keyof T]: DeepReadonly<T[K]> };

/** Freezes a plain-data value and everything inside it; returns the same value, typed deep-readonly. */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}
