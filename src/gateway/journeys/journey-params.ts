/**
 * Path and query parameters for the journey API, checked before a port is called. A malformed id is simply
 * "not found" (404), so probing with odd ids learns nothing and nothing odd reaches Temporal.
 */
import { z } from 'zod';
import { GatewayError, type ErrorCode } from '../http/errors';
import { toFieldProblems } from '../http/validation';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function idParam(value: unknown, notFound: Extract<ErrorCode, 'JOURNEY_NOT_FOUND' | 'ESCALATION_NOT_FOUND'>): string {
  if (typeof value === 'string' && ID.test(value)) return value;
  throw new GatewayError(notFound);
}

const token = z.string().regex(/^[a-z0-9_-]{1,64}$/);
const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().regex(/^[A-Za-z0-9_=-]{1,512}$/);

export const JourneyListQuery = z.object({ type: token.optional(), status: token.optional(), limit, cursor: cursor.optional() }).strict();
export const EscalationListQuery = z.object({ status: z.enum(['open', 'closed']).optional(), limit, cursor: cursor.optional() }).strict();

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new GatewayError('INVALID_REQUEST', { details: toFieldProblems(parsed.error) });
  return parsed.data;
}

/** Drops undefined members so ports see exactly the filters the caller gave. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
