import express, { type Express, type Router } from 'express';
import { rootLogger, type Logger } from '../observability/logger';
import { createGatewayMetrics, createMetricsRegistry, type GatewayMetrics } from '../observability/metrics';
import { healthRoutes, type TemporalProbe } from './health.routes';
import { correlationId } from './http/correlation-id';
import { errorHandler, notFound } from './http/error-handler';
import { requestMetrics } from './http/request-metrics';

export interface GatewayDependencies {
  readonly temporalReachable: TemporalProbe;
  readonly logger?: Logger;
  /** Defaults to a fresh registry with the gateway's metrics. */
  readonly metrics?: GatewayMetrics;
  /** Feature routers (callbacks, journeys, /metrics, /openapi.json), mounted in order after health. */
  readonly routes?: readonly Router[];
}

/**
 * The HTTP edge on :3000. Every response carries an X-Correlation-ID; every error is the P6 envelope.
 * Routes are mounted at the root with full paths so metrics can label by route template.
 */
export function createGatewayApp(deps: GatewayDependencies): Express {
  const logger = deps.logger ?? rootLogger;
  const metrics = deps.metrics ?? createGatewayMetrics(createMetricsRegistry());
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(correlationId());
  app.use(requestMetrics(metrics, logger));
  app.use(healthRoutes(deps.temporalReachable));
  for (const router of deps.routes ?? []) app.use(router);
  app.use(notFound());
  app.use(errorHandler(logger));
  return app;
}
