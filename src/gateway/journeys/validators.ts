/**
 * How a route validates a body, injected so the gateway does not own the journey contract: the domain's v1
 * command parsers plug in through `fromDomainParser`, anything zod-shaped through `zodValidator`. Each
 * validator also carries the zod schema that /openapi.json documents, so the spec can't drift from the check.
 */
import type { z } from 'zod';
import type { ParseResult, Problem } from '../../domain/errors';
import { GatewayError, type FieldProblem } from '../http/errors';
import { toFieldProblems } from '../http/validation';

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
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, details: toFieldProblems(parsed.error) };
    },
  };
}

const SAFE_MESSAGE = /^[\w .,:;'()/+-]{1,200}$/;

/** "patient.nhsNumber" / "items[2].name" / "(root)" → "/patient/nhsNumber" / "/items/2/name" / "/". */
function pointerFromPath(path: string): string {
  if (path === '(root)') return '/';
  const segments = path.split(/[.[\]]+/).filter((s) => s.length > 0);
  return segments.length === 0 ? '/' : segments.map((s) => `/${/^[A-Za-z0-9_]{1,64}$/.test(s) ? s : '*'}`).join('');
}

/** Domain-style problems (path + message) → envelope details; messages outside a safe charset become "invalid". */
export function problemsToDetails(problems: readonly Problem[]): FieldProblem[] {
  return problems.slice(0, 20).map((problem) => ({
    pointer: pointerFromPath(problem.path),
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
      return { ok: false, reason: result.code, details: problemsToDetails(result.problems) };
    },
  };
}
