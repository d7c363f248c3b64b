/** 405 with an Allow header for a known path hit with the wrong method (P6 envelope, OWASP webhook rule). */
import type { RequestHandler } from 'express';
import { sendError } from './errors';

export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = allowed.includes('GET') && !allowed.includes('HEAD') ? [...allowed, 'HEAD'] : allowed;
  return (_req, res) => sendError(res, 'METHOD_NOT_ALLOWED', { allow });
}
