/**
 * Correlation ids tie a client's report to our logs. A caller may send a safe `X-Correlation-ID`
 * (so ids flow across systems); anything else, including values that could smuggle log content or PII
 * such as an email, is replaced with a fresh UUID. The id is echoed on every response.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

export const CORRELATION_HEADER = 'X-Correlation-ID';
const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;

export function isSafeCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_ID.test(value);
}

export function correlationId(): RequestHandler {
  return (req, res, next) => {
    const offered = req.get(CORRELATION_HEADER);
    const id = isSafeCorrelationId(offered) ? offered : randomUUID();
    res.locals.correlationId = id;
    res.set(CORRELATION_HEADER, id);
    next();
  };
}

/** The id for this response; a fallback UUID keeps error rendering total even before the middleware ran. */
export function correlationIdOf(res: Response): string {
  const id: unknown = res.locals.correlationId;
  if (isSafeCorrelationId(id)) return id;
  const fresh = randomUUID();
  res.locals.correlationId = fresh;
  if (!res.headersSent) res.set(CORRELATION_HEADER, fresh);
  return fresh;
}
