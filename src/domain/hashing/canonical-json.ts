/**
 * Canonical JSON: the same logical value always gives the same string, whatever the key order.
 * Hashes are taken over this form so that `{a,b}` and `{b,a}` fingerprint the same (gateway R9).
 * Rules: object keys sorted by UTF-16 code unit; `undefined` object members dropped (as JSON.stringify
 * does); arrays keep their order. Non-JSON values (functions, symbols, bigint, NaN, Infinity) are refused,
 * because silently mapping them to null would let two different bodies share one fingerprint.
 */
import { JourneyDomainError } from '../errors';

export function canonicalJson(value: unknown): string {
  return encode(value, 0);
}

const MAX_DEPTH = 64;

function encode(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw notJson('nested too deeply');
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw notJson('non-finite number');
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? encodeArray(value, depth) : encodeObject(value as Record<string, unknown>, depth);
    default:
      throw notJson(`unsupported ${typeof value}`);
  }
}

function encodeArray(items: readonly unknown[], depth: number): string {
  // JSON.stringify turns undefined array slots into null; we do the same so arrays keep their length.
  return `[${items.map((item) => (item === undefined ? 'null' : encode(item, depth + 1))).join(',')}]`;
}

function encodeObject(object: Record<string, unknown>, depth: number): string {
  const members = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${encode(object[key], depth + 1)}`);
  return `{${members.join(',')}}`;
}

function notJson(what: string): JourneyDomainError {
  return new JourneyDomainError('INVALID_ARGUMENT', `canonicalJson: value is not plain JSON (${what})`);
}
