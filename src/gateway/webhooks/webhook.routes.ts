/**
 * Webhook subscriptions, scope `webhooks`: a system (the caller's credential) manages its own.
 *   POST   /v1/webhooks                   {url, eventTypes, journeyTypes?} → 201 with the signing secret, shown once
 *   GET    /v1/webhooks                   its subscriptions (never a secret)
 *   DELETE /v1/webhooks/{id}              204; 422 for a subscription kept in config
 *   POST   /v1/webhooks/{id}/secrets      rotation: a new secret (shown once) signs beside the previous one
 *   DELETE /v1/webhooks/{id}/secrets/previous   ends the rotation: only the newest secret signs
 *   GET    /v1/webhooks/{id}/deliveries   each delivery: status, attempts, last error code
 */
import { Router, type Response } from 'express';
import type { GatewayMetrics } from '../../observability/metrics';
import type { Authenticate } from '../auth/require-scope';
import { requireScope } from '../auth/require-scope';
import type { Principal } from '../auth/api-keys';
import { GatewayError } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { methodNotAllowed } from '../http/method-not-allowed';
import type { WebhookService } from '../../webhooks/webhook-service';

export const WEBHOOKS_PATH = '/v1/webhooks';
const ID = /^[a-z0-9][a-z0-9-]{2,62}$/;

export interface WebhookRouteOptions {
  readonly service: WebhookService;
  readonly authenticate: Authenticate;
  readonly metrics: GatewayMetrics;
}

function systemOf(res: Response): string {
  return (res.locals.principal as Principal).keyId;
}

function idParam(value: unknown): string {
  if (typeof value !== 'string' || !ID.test(value)) throw new GatewayError('NOT_FOUND');
  return value;
}

export function webhookRoutes(options: WebhookRouteOptions): Router {
  const scope = requireScope(options.authenticate, 'webhooks', options.metrics);
  const router = Router();
  router.post(WEBHOOKS_PATH, scope, ...jsonBody(16 * 1024), async (req, res) => {
    const outcome = await options.service.create(systemOf(res), req.body);
    if (outcome.kind === 'invalid') {
      throw new GatewayError('INVALID_REQUEST', { details: outcome.problems.map((p) => ({ pointer: `/${p.path.replace(/\./g, '/')}`, problem: p.message })) });
    }
    res.location(`${WEBHOOKS_PATH}/${outcome.subscription.id}`);
    res.status(201).json({ subscription: outcome.subscription, secret: outcome.secret });
  });
  router.get(WEBHOOKS_PATH, scope, async (_req, res) => {
    res.json({ items: await options.service.list(systemOf(res)) });
  });
  router.all(WEBHOOKS_PATH, methodNotAllowed(['GET', 'POST']));

  router.delete(`${WEBHOOKS_PATH}/:id`, scope, async (req, res) => {
    const outcome = await options.service.remove(systemOf(res), idParam(req.params.id));
    if (outcome === 'not-found') throw new GatewayError('NOT_FOUND');
    if (outcome === 'config') throw new GatewayError('CHANGE_REJECTED', { reason: 'SUBSCRIPTION_IN_CONFIG' });
    res.status(204).end();
  });
  router.all(`${WEBHOOKS_PATH}/:id`, methodNotAllowed(['DELETE']));

  router.post(`${WEBHOOKS_PATH}/:id/secrets`, scope, async (req, res) => {
    const outcome = await options.service.rotateSecret(systemOf(res), idParam(req.params.id));
    if (outcome.kind === 'not-found') throw new GatewayError('NOT_FOUND');
    if (outcome.kind === 'config') throw new GatewayError('CHANGE_REJECTED', { reason: 'SUBSCRIPTION_IN_CONFIG' });
    res.status(201).json({ secret: outcome.secret });
  });
  router.all(`${WEBHOOKS_PATH}/:id/secrets`, methodNotAllowed(['POST']));
  router.delete(`${WEBHOOKS_PATH}/:id/secrets/previous`, scope, async (req, res) => {
    const outcome = await options.service.retirePreviousSecrets(systemOf(res), idParam(req.params.id));
    if (outcome === 'not-found') throw new GatewayError('NOT_FOUND');
    if (outcome === 'config') throw new GatewayError('CHANGE_REJECTED', { reason: 'SUBSCRIPTION_IN_CONFIG' });
    res.status(204).end();
  });
  router.all(`${WEBHOOKS_PATH}/:id/secrets/previous`, methodNotAllowed(['DELETE']));

  router.get(`${WEBHOOKS_PATH}/:id/deliveries`, scope, async (req, res) => {
    const deliveries = await options.service.deliveries(systemOf(res), idParam(req.params.id), 50);
    if (deliveries === undefined) throw new GatewayError('NOT_FOUND');
    res.json({ items: deliveries });
  });
  router.all(`${WEBHOOKS_PATH}/:id/deliveries`, methodNotAllowed(['GET']));
  return router;
}
