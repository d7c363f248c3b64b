/**
 * Assembles the simulator's HTTP app: slash collapsing, request context and access log first, the admin
 * API (never faulted), CORS preflight (answered by NHS's proxy itself, so never faulted either), request
 * counting, the fault gate, then NHS Notify's own surface: the token endpoint and /comms. Anything else is
 * NHS's 404; an unexpected error is a bare 500 with no stack (P6).
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { adminRoutes, type AdminHooks } from './admin.routes';
import { commsHandler } from './comms-router';
import { faultGate } from '../faults/fault-gate';
import { collapseSlashes, corsPreflight, requestContext, sendErrors } from './http-common';
import { accessLog, countRequests } from './request-log';
import type { SimulatorState } from '../state/state';
import { tokenEndpoint } from '../auth/token-endpoint';

export function createSimulatorApp(state: SimulatorState, hooks: AdminHooks): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(collapseSlashes);
  app.use(requestContext);
  app.use(accessLog(state));
  app.use('/_admin', adminRoutes(state, hooks));
  app.use(corsPreflight);
  app.use(countRequests(state));
  app.use(faultGate(state));
  app.post('/oauth2/token', tokenEndpoint({
    registry: state.registry,
    counters: state.counters,
    tokenUrl: () => state.urls.tokenUrl,
    clock: state.clock,
    lifetimeSeconds: state.tokenLifetimeSeconds,
    logger: state.logger,
  }));
  app.use('/comms', commsHandler(state));
  app.use((req: Request, res: Response) => sendErrors(req, res, [{ key: 'CM_NOT_FOUND' }]));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    state.logger.error({ err: err instanceof Error ? err.name : 'unknown', route: req.path.split('/').slice(0, 3).join('/') }, 'simulator route failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendErrors(req, res, [{ key: 'CM_INTERNAL_SERVER_ERROR' }]);
  });
  return app;
}
