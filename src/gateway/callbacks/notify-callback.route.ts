/**
 * POST /v1/callbacks/nhs-notify: NHS Notify message and channel status callbacks (docs/nhs-notify.md, callbacks).
 * The guards run cheapest first and nothing is parsed before the HMAC over the raw bytes verifies.
 * Answers: 202 handled (including duplicates and unknown journeys), 400/401/403/405/413/415 rejected,
 * 503 + Retry-After when Temporal is unreachable (NHS Notify retries for 2 hours).
 */
import express, { Router, type Response } from 'express';
import type { Logger } from '../../observability/logger';
import type { CallbackRequestOutcome, GatewayMetrics } from '../../observability/metrics';
import { correlationIdOf } from '../http/correlation-id';
import { GatewayError } from '../http/errors';
import { methodNotAllowed } from '../http/method-not-allowed';
import { rejectDeclaredOversize, requireJsonBody } from '../http/require-json';
import type { CallbackSink, DeliveryResult } from '../../contracts/ports';
import { parseCallbackBody } from './callback-body';
import { CallbackDedupeStore, type DedupeOptions } from './callback-dedupe';
import { requireCallbackApiKey, requireValidSignature } from './callback-guards';
import type { CallbackSecretSource } from './callback-secrets';
import { deliverCallbacks } from './deliver-callbacks';
import { rateLimitedWarning } from './rate-limited-warning';

export const NOTIFY_CALLBACK_PATH = '/v1/callbacks/nhs-notify';
export const DEFAULT_CALLBACK_BODY_LIMIT_BYTES = 256 * 1024;

export interface NotifyCallbackOptions {
  readonly sink: CallbackSink;
  readonly secrets: CallbackSecretSource;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  readonly bodyLimitBytes?: number;
  readonly dedupe?: DedupeOptions;
  /** One auth-failure log line per window (S11). Default 60 s. */
  readonly failureLogWindowMs?: number;
  readonly now?: () => Date;
}

const OUTCOME_BY_STATUS: Readonly<Record<number, CallbackRequestOutcome>> = {
  202: 'accepted', 400: 'invalid', 401: 'unauthenticated', 403: 'bad_signature', 405: 'method_not_allowed',
  413: 'too_large', 415: 'unsupported_media', 503: 'unavailable',
};

function countOutcome(res: Response, metrics: GatewayMetrics): void {
  res.once('finish', () => metrics.callbackRequests.inc({ outcome: OUTCOME_BY_STATUS[res.statusCode] ?? 'error' }));
}

export function notifyCallbackRoutes(options: NotifyCallbackOptions): Router {
  const limit = options.bodyLimitBytes ?? DEFAULT_CALLBACK_BODY_LIMIT_BYTES;
  const dedupe = new CallbackDedupeStore<DeliveryResult>(options.dedupe);
  const warn = rateLimitedWarning({
    logger: options.logger, message: 'callback authentication failures (rate-limited line)',
    ...(options.failureLogWindowMs === undefined ? {} : { windowMs: options.failureLogWindowMs }),
  });
  const auth = { secrets: options.secrets, metrics: options.metrics, warn };
  const router = Router();

  router.post(NOTIFY_CALLBACK_PATH,
    (_req, res, next) => { countOutcome(res, options.metrics); next(); },
    requireJsonBody(),
    rejectDeclaredOversize(limit),
    requireCallbackApiKey(auth),
    express.raw({ limit, type: () => true, inflate: false }),
    requireValidSignature(auth),
    async (req, res) => {
      const parsed = parseCallbackBody(req.body as Buffer);
      if (!parsed.ok) throw new GatewayError(parsed.code, parsed.details === undefined ? {} : { details: parsed.details });
      const deps = { sink: options.sink, dedupe, metrics: options.metrics, logger: options.logger,
        ...(options.now === undefined ? {} : { now: options.now }) };
      await deliverCallbacks(parsed.body, deps, correlationIdOf(res));
      res.status(202).json({ status: 'accepted', correlationId: correlationIdOf(res) });
    });
  router.all(NOTIFY_CALLBACK_PATH, (_req, res, next) => { countOutcome(res, options.metrics); next(); },
    methodNotAllowed(['POST']));
  return router;
}
