/**
 * Every feature router in mount order, for createGatewayApp({ routes }). Order matters in one place only:
 * /v1/journeys/batch must come before /v1/journeys/:journeyId.
 */
import { Router } from 'express';
import type { Logger } from '../observability/logger';
import type { GatewayMetrics } from '../observability/metrics';
import type { Authenticate } from './auth/require-scope';
import { notifyCallbackRoutes, type NotifyCallbackOptions } from './callbacks/notify-callback.route';
import { methodNotAllowed } from './http/method-not-allowed';
import { escalationRoutes } from './journeys/escalation.routes';
import { journeyBatchRoutes } from './journeys/journey-batch.route';
import { JOURNEY_DEFAULTS, type JourneyRouteOptions } from './journeys/journey-route-options';
import { journeyRoutes } from './journeys/journey.routes';
import { metricsRoutes } from './metrics.routes';
import { communicationsRoutes, type CommunicationsRouteOptions } from './audit/communications.routes';
import { buildOpenApi } from './openapi/openapi';
import { cohortRoutes, type CohortRouteOptions } from './cohorts/cohort.routes';

export interface GatewayRoutesOptions {
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** NHS Notify callbacks; omitted → the route is not mounted. */
  readonly callbacks?: Omit<NotifyCallbackOptions, 'metrics' | 'logger'>;
  /** The journey and escalation API plus /openapi.json; omitted → not mounted. */
  readonly journeys?: Omit<JourneyRouteOptions, 'metrics'>;
  /** Require the `metrics` scope on /metrics (needs journeys.authenticate or this). */
  readonly protectMetrics?: Authenticate;
  /** The communications record API (scope audit:read); omitted → not mounted. */
  readonly communications?: Omit<CommunicationsRouteOptions, 'metrics'>;
  /** The cohort API (/v1/cohorts, scopes journeys:write and journeys:read); omitted → not mounted. */
  readonly cohorts?: Omit<CohortRouteOptions, 'metrics'>;
}

export function gatewayRoutes(options: GatewayRoutesOptions): Router[] {
  const routers = [metricsRoutes(options.metrics, options.protectMetrics)];
  if (options.callbacks !== undefined) {
    routers.push(notifyCallbackRoutes({ ...options.callbacks, metrics: options.metrics, logger: options.logger }));
  }
  // Before the journey routes: /v1/journeys/:journeyId/record is more specific than /v1/journeys/:journeyId.
  if (options.communications !== undefined) routers.push(communicationsRoutes({ ...options.communications, metrics: options.metrics }));
  if (options.journeys !== undefined) {
    const journeys = { ...options.journeys, metrics: options.metrics };
    const spec = buildOpenApi(journeys.validators, journeys.maxBatchItems ?? JOURNEY_DEFAULTS.maxBatchItems, options.cohorts?.validator);
    const openapi = Router();
    openapi.get('/openapi.json', (_req, res) => { res.json(spec); });
    openapi.all('/openapi.json', methodNotAllowed(['GET']));
    routers.push(journeyBatchRoutes(journeys, options.logger), journeyRoutes(journeys), escalationRoutes(journeys), openapi);
  }
  if (options.cohorts !== undefined) routers.push(cohortRoutes({ ...options.cohorts, metrics: options.metrics }));
  return routers;
}
