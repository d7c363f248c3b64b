/**
 * The last two middlewares: 404 for anything unrouted, and the one place errors become responses.
 * Known errors map to stable codes; anything else is a 500 whose details go to our logs only
 * (the stack never leaves the process). body-parser errors are mapped by their `type`, not their
 * message, because their messages can quote the request (e.g. an unsupported charset name).
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../../observability/logger';
import { TemporalUnavailableError } from '../../contracts/ports';
import { correlationIdOf } from './correlation-id';
import { GatewayError, sendError, type ErrorCode } from './errors';

const BODY_PARSER_CODES: Readonly<Record<string, ErrorCode>> = {
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'parameters.too.many': 'PAYLOAD_TOO_LARGE',
  'entity.parse.failed': 'MALFORMED_JSON',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'request.aborted': 'BAD_REQUEST',
  'request.size.invalid': 'BAD_REQUEST',
};

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'INSUFFICIENT_SCOPE', 404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE',
};

export function notFound(): RequestHandler {
  return (_req, res) => sendError(res, 'NOT_FOUND');
}

/** Classify anything thrown into a stable code; unknown errors are internal. */
export function classifyError(err: unknown): ErrorCode {
  if (err instanceof GatewayError) return err.code;
  if (err instanceof TemporalUnavailableError) return 'SERVICE_UNAVAILABLE';
  if (typeof err === 'object' && err !== null) {
    const { type, status } = err as { type?: unknown; status?: unknown };
    if (typeof type === 'string' && BODY_PARSER_CODES[type] !== undefined) return BODY_PARSER_CODES[type];
    if (typeof status === 'number' && STATUS_CODES[status] !== undefined) return STATUS_CODES[status];
  }
  return 'INTERNAL_ERROR';
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const code = classifyError(err);
    const correlationId = correlationIdOf(res);
    if (err instanceof GatewayError) {
      sendError(res, code, err.extras);
    } else if (err instanceof TemporalUnavailableError) {
      logger.warn({ correlationId, code, reason: err.reason }, 'temporal unavailable');
      sendError(res, code, { retryAfterSeconds: err.retryAfterSeconds, ...(err.reason === undefined ? {} : { reason: err.reason }) });
    } else {
      if (code === 'INTERNAL_ERROR') logger.error({ correlationId, err }, 'unhandled error');
      sendError(res, code);
    }
  };
}
