import express, { type Express } from 'express';
import { healthRoutes, type TemporalProbe } from './health.routes';

export interface GatewayDependencies {
  readonly temporalReachable: TemporalProbe;
}

/** The HTTP edge on :3000. Routes are mounted here; each route module owns its own validation. */
export function createGatewayApp(deps: GatewayDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(deps.temporalReachable));
  return app;
}
