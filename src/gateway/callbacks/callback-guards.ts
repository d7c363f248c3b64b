/**
 * The checks in front of the callback handler, cheapest first, all before any side effect:
 * 415 content type → 413 declared length → 401 API key → (raw body read, 413 if it overflows) → 403 HMAC.
 * Nothing is parsed or logged until the signature has verified (S2, S3, S9).
 */
import type { Request, RequestHandler } from 'express';
import { verifyCallbackSignature } from '../../contracts/nhs-notify/callback-signature';
import { GatewayError } from '../http/errors';
import { secretsForApiKey, type CallbackSecret, type CallbackSecretSource } from './callback-secrets';
import type { Warn } from './rate-limited-warning';
import type { GatewayMetrics } from '../../observability/metrics';

interface AuthDeps {
  readonly secrets: CallbackSecretSource;
  readonly metrics: GatewayMetrics;
  readonly warn: Warn;
}

const MATCHED = Symbol('matchedCallbackSecrets');
type WithSecrets = Request & { [MATCHED]?: CallbackSecret[] };

/** 401 unless x-api-key equals a live key (constant time). The matching secrets are kept for the HMAC step. */
export function requireCallbackApiKey(deps: AuthDeps): RequestHandler {
  return (req, _res, next) => {
    const matched = secretsForApiKey(req.get('x-api-key'), deps.secrets());
    if (matched.length === 0) {
      deps.metrics.callbackAuthFailures.inc({ reason: 'api_key' });
      deps.warn({ reason: 'api_key' });
      next(new GatewayError('UNAUTHENTICATED'));
      return;
    }
    (req as WithSecrets)[MATCHED] = matched;
    next();
  };
}

/** 403 unless x-hmac-sha256-signature is the HMAC of the exact raw bytes under a secret for that API key. */
export function requireValidSignature(deps: AuthDeps): RequestHandler {
  return (req, _res, next) => {
    const raw: unknown = req.body;
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
    const secrets = (req as WithSecrets)[MATCHED] ?? [];
    if (!verifyCallbackSignature(bytes, req.get('x-hmac-sha256-signature'), secrets)) {
      deps.metrics.callbackAuthFailures.inc({ reason: 'signature' });
      deps.warn({ reason: 'signature' });
      next(new GatewayError('INVALID_SIGNATURE'));
      return;
    }
    next();
  };
}
