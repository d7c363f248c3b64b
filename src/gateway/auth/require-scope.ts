/**
 * Bearer API key authentication for the journey API. 401 (with WWW-Authenticate) when there is no valid key,
 * 403 when the key lacks the scope. Both bodies are the generic envelope: they never say which part failed.
 */
import type { RequestHandler } from 'express';
import type { GatewayMetrics } from '../../observability/metrics';
import { GatewayError } from '../http/errors';
import type { ApiKeyScope, Principal } from './api-keys';

/** Finds the caller for a bearer credential; may be async (JWTs fetch a JWKS). */
export type Authenticate = (presented: string) => Principal | undefined | Promise<Principal | undefined>;

const BEARER = /^Bearer ([^\s]+)$/i;

export function requireScope(authenticate: Authenticate, scope: ApiKeyScope, metrics: GatewayMetrics): RequestHandler {
  return async (req, res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    const principal = match?.[1] === undefined ? undefined : await authenticate(match[1]);
    if (principal === undefined) {
      metrics.apiAuthFailures.inc({ reason: match === null ? 'missing' : 'invalid' });
      res.set('WWW-Authenticate', 'Bearer realm="notify-journeys"');
      next(new GatewayError('UNAUTHENTICATED'));
      return;
    }
    res.locals.principal = principal;
    if (!principal.scopes.has(scope)) {
      metrics.apiAuthFailures.inc({ reason: 'scope' });
      next(new GatewayError('INSUFFICIENT_SCOPE'));
      return;
    }
    next();
  };
}
