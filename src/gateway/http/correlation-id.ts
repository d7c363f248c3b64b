/**
 * Correlation ids tie a client's report to our logs. A caller may send an `X-Correlation-ID` that is a UUID
 * (so ids flow across systems); anything else is replaced with a fresh UUID and the caller's value is written
 * nowhere. Only a UUID: any freer format (say 8–128 safe characters) would let a client put an NHS number or
 * other patient data into every log line. The id is echoed on every response.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { isUuid } from '../../domain/identifiers';

export const CORRELATION_HEADER = 'X-Correlation-ID';

export function isSafeCorrelationId(value: unknown): value is string {
  return isUuid(value);
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
