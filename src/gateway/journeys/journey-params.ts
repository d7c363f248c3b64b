/**
 * Path and query parameters for the journey API, checked before a port is called. An id not in its own
 * format (domain identifiers) is simply "not found" (404), so probing with odd ids learns nothing and
 * nothing odd reaches Temporal or a log line.
 */
import { z } from 'zod';
import { isEscalationId, isJourneyId } from '../../domain/identifiers';
import { GatewayError } from '../http/errors';
import { toFieldProblems } from '../http/validation';

export function journeyIdParam(value: unknown): string {
  if (isJourneyId(value)) return value;
  throw new GatewayError('JOURNEY_NOT_FOUND');
}

export function escalationIdParam(value: unknown): string {
  if (isEscalationId(value)) return value;
  throw new GatewayError('ESCALATION_NOT_FOUND');
}

const token = z.string().regex(/^[a-z0-9_-]{1,64}$/);
const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().regex(/^[A-Za-z0-9_=-]{1,512}$/);

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const JourneyListQuery = z.object({
  type: token.optional(), status: token.optional(), cohort: token.optional(), open: flag.optional(), limit, cursor: cursor.optional(),
}).strict();
/** GET one journey: `view=live` asks the workflow for its live detail; the default answers from what it published. */
export const JourneyReadQuery = z.object({ view: z.enum(['published', 'live']).optional() });
export const EscalationListQuery = z.object({ status: z.enum(['open', 'closed']).optional(), limit, cursor: cursor.optional() }).strict();

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new GatewayError('INVALID_REQUEST', { details: toFieldProblems(parsed.error, schema) });
  return parsed.data;
}

/** Drops undefined members so ports see exactly the filters the caller gave. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
