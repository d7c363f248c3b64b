/**
 * How a route validates a body, injected so the gateway does not own the journey contract: the domain's v1
 * command parsers plug in through `fromDomainParser`, anything zod-shaped through `zodValidator`. Each
 * validator also carries the zod schema that /openapi.json documents, so the spec can't drift from the check.
 */
import { z } from 'zod';
import type { ParseResult, Problem } from '../../domain/errors';
import { GatewayError, type FieldProblem } from '../http/errors';
import { pointerOf, toFieldProblems } from '../http/validation';

export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; /** a stable sub-code, e.g. UNKNOWN_JOURNEY_TYPE */ readonly reason?: string; readonly details: readonly FieldProblem[] };

export interface RequestValidator<T> {
  /** The wire shape, for /openapi.json (z.toJSONSchema). */
  readonly schema: z.ZodType;
  parse(input: unknown): Validation<T>;
}

export function zodValidator<S extends z.ZodType>(schema: S): RequestValidator<z.output<S>> {
  return {
    schema,
    parse(input) {
      const parsed = schema.safeParse(input);
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, details: toFieldProblems(parsed.error, schema) };
    },
  };
}

const SAFE_MESSAGE = /^[\w .,:;'()/+-]{1,200}$/;

/** "patient.nhsNumber" / "items[2].name" / "(root)" → path segments, array indices as numbers. */
function segmentsOf(path: string): PropertyKey[] {
  if (path === '(root)') return [];
  return path.split(/[.[\]]+/).filter((s) => s.length > 0).map((s) => (/^\d{1,9}$/.test(s) ? Number(s) : s));
}

/** A field name as catalogues write them: never all digits (an NHS number), never an address or a value. */
const looksLikeFieldName = (segment: PropertyKey): boolean => typeof segment === 'number' || /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(String(segment));

/**
 * Domain-style problems (path + message) → envelope details. Pointers show what `schema` declares; where the
 * schema leaves a value to the domain's own check (or there is no schema: problems a port found in
 * catalogue-named fields), only segments that look like field names. Messages outside a safe charset become
 * "invalid".
 */
export function problemsToDetails(problems: readonly Problem[], schema: z.ZodType = z.unknown()): FieldProblem[] {
  return problems.slice(0, 20).map((problem) => ({
    pointer: pointerOf(schema, segmentsOf(problem.path), looksLikeFieldName),
    problem: SAFE_MESSAGE.test(problem.message) ? problem.message : 'invalid',
  }));
}

/** Throws the 400 INVALID_REQUEST envelope for a failed validation; returns the value otherwise. */
export function validOrThrow<T>(validator: RequestValidator<T>, input: unknown): T {
  const result = validator.parse(input);
  if (result.ok) return result.value;
  throw new GatewayError('INVALID_REQUEST', { details: result.details, ...(result.reason === undefined ? {} : { reason: result.reason }) });
}

/**
 * Adapts a domain parser (ParseResult with path/message problems). Domain messages are written never to echo
 * values; they are still passed through a conservative character filter before they leave the process.
 */
export function fromDomainParser<T>(schema: z.ZodType, parse: (input: unknown) => ParseResult<T>): RequestValidator<T> {
  return {
    schema,
    parse(input) {
      const result = parse(input);
      if (result.ok) return { ok: true, value: result.value };
      return { ok: false, reason: result.code, details: problemsToDetails(result.problems, schema) };
    },
  };
}
