/** Small order-independent folds shared by the message and channel reducers. */
import type { EpochMs } from '../durations';

/** Records `at` for `key` if it is the earliest seen; min is order-independent. */
export function earliest<K extends string>(
  times: Readonly<Partial<Record<K, EpochMs>>>, key: K, at: EpochMs,
): { readonly times: Readonly<Partial<Record<K, EpochMs>>>; readonly changed: boolean } {
  const current = times[key];
  if (current !== undefined && current <= at) return { times, changed: false };
  return { times: { ...times, [key]: at }, changed: true };
}

/** Inserts into a sorted key list; sorting makes the set's representation independent of arrival order. */
export function withKey(keys: readonly string[], key: string): readonly string[] {
  const index = keys.findIndex((existing) => existing > key);
  return index === -1 ? [...keys, key] : [...keys.slice(0, index), key, ...keys.slice(index)];
}

/** Copies only defined optional fields, so absent values stay absent (equal states compare equal). */
export function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}
