/**
 * GET /metrics for Prometheus. Unprotected by default: labels hold no ids or patient data, and the endpoint
 * should only be reachable from the scrape network. Pass `authenticate` to require the `metrics` scope.
 */
import { Router } from 'express';
import type { GatewayMetrics } from '../observability/metrics';
import { requireScope, type Authenticate } from './auth/require-scope';
import { methodNotAllowed } from './http/method-not-allowed';

export function metricsRoutes(metrics: GatewayMetrics, authenticate?: Authenticate): Router {
  const router = Router();
  const guard = authenticate === undefined ? [] : [requireScope(authenticate, 'metrics', metrics)];
  router.get('/metrics', ...guard, async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  router.all('/metrics', methodNotAllowed(['GET']));
  return router;
}
