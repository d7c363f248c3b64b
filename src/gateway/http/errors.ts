/**
 * The gateway's error contract (P6). Every error leaves as `{ error: { code, message, correlationId } }`:
 * the code is stable (clients branch on it), the message is fixed per code (so input is never echoed),
 * and there is never a stack. Details, when present, name fields by JSON pointer, never by value.
 */
import type { Response } from 'express';
import { correlationIdOf } from './correlation-id';

export const ERROR_CATALOGUE = {
  BAD_REQUEST: { status: 400, message: 'The request could not be understood.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  INVALID_REQUEST: { status: 400, message: 'The request has invalid or missing fields.' },
  INVALID_IDEMPOTENCY_KEY: { status: 400, message: 'An Idempotency-Key header of 8 to 255 characters [A-Za-z0-9._:-] is required.' },
  UNAUTHENTICATED: { status: 401, message: 'Authentication is required.' },
  INVALID_SIGNATURE: { status: 403, message: 'The request signature is not valid.' },
  INSUFFICIENT_SCOPE: { status: 403, message: 'The credential does not allow this operation.' },
  NOT_FOUND: { status: 404, message: 'No such resource.' },
  JOURNEY_NOT_FOUND: { status: 404, message: 'No such journey.' },
  ESCALATION_NOT_FOUND: { status: 404, message: 'No such escalation.' },
  COHORT_NOT_FOUND: { status: 404, message: 'No such cohort.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'The method is not allowed on this resource.' },
  JOURNEY_CLOSED: { status: 409, message: 'The journey has already finished.' },
  ESCALATION_CLOSED: { status: 409, message: 'The escalation already has an outcome.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The request content type or encoding is not supported.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'The Idempotency-Key was already used with a different request.' },
  CHANGE_REJECTED: { status: 422, message: 'The change is not allowed for this journey.' },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong. Quote the correlation id if you report it.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable. Retry later.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** One field problem: where (RFC 6901 pointer) and what kind (a zod issue code), never the offending value. */
export interface FieldProblem {
  readonly pointer: string;
  readonly problem: string;
}

export interface ErrorExtras {
  readonly details?: readonly FieldProblem[];
  /** Adds a Retry-After header (seconds). */
  readonly retryAfterSeconds?: number;
  /** Adds an Allow header (405). */
  readonly allow?: readonly string[];
  /** A more specific stable sub-code from a port (e.g. why a change was rejected). */
  readonly reason?: string;
}

/** Thrown (or passed to next) anywhere in the gateway; the final error handler renders it. */
export class GatewayError extends Error {
  constructor(readonly code: ErrorCode, readonly extras: ErrorExtras = {}) {
    super(code);
    this.name = 'GatewayError';
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly correlationId: string;
    readonly reason?: string;
    readonly details?: readonly FieldProblem[];
  };
}

export function errorBody(code: ErrorCode, correlationId: string, extras: ErrorExtras = {}): ErrorBody {
  return {
    error: {
      code,
      message: ERROR_CATALOGUE[code].message,
      correlationId,
      ...(extras.reason === undefined ? {} : { reason: extras.reason }),
      ...(extras.details === undefined ? {} : { details: extras.details }),
    },
  };
}

export function sendError(res: Response, code: ErrorCode, extras: ErrorExtras = {}): void {
  if (extras.retryAfterSeconds !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil(extras.retryAfterSeconds))));
  if (extras.allow !== undefined) res.set('Allow', extras.allow.join(', '));
  res.status(ERROR_CATALOGUE[code].status).json(errorBody(code, correlationIdOf(res), extras));
}
