/**
 * Validates an outgoing request with the shared zod schemas (src/contracts/nhs-notify/wire.ts) BEFORE any network I/O.
 * Failures list JSON pointers and the rule that failed, never the value: the input is patient data.
 * zod 4's messages name the expectation and the received TYPE only ("expected string, received number"),
 * and our own refine() messages are fixed text, so the issue message is safe to show.
 */
import type { z } from 'zod';
import { NotifyInvalidRequestError } from './errors';

export interface FieldProblem {
  readonly path: string;
  readonly rule: string;
}

export function toPointer(path: readonly PropertyKey[]): string {
  return `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function ruleOf(issue: z.core.$ZodIssue): string {
  return issue.message.replace(/[\r\n]/g, ' ').slice(0, 120);
}

export function invalidRequest(what: string, problems: readonly FieldProblem[]): NotifyInvalidRequestError {
  const shown = problems.slice(0, 20).map((p) => `${p.path} (${p.rule})`).join(', ');
  const more = problems.length > 20 ? ` and ${problems.length - 20} more` : '';
  return new NotifyInvalidRequestError(`invalid ${what}: ${shown}${more}`, problems.map((p) => p.path));
}

export function validateRequest<S extends z.ZodType>(what: string, schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw invalidRequest(what, parsed.error.issues.map((i) => ({ path: toPointer(i.path), rule: ruleOf(i) })));
}

const CORRELATION_ID = /^[A-Za-z0-9_:-]{1,128}$/;

/** X-Correlation-ID must not contain "." (docs/nhs-notify.md §2) nor anything that could split a header or log line. */
export function checkCorrelationId(id: string | undefined): void {
  if (id !== undefined && !CORRELATION_ID.test(id)) {
    throw invalidRequest('options', [{ path: '/correlationId', rule: 'must be 1-128 of [A-Za-z0-9_:-]' }]);
  }
}
