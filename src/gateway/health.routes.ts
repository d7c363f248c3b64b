import { Router } from 'express';

/** Answers whether Temporal is reachable right now; readiness is only as good as this probe. */
export type TemporalProbe = () => Promise<boolean>;

/**
 * /healthz: the process is up (liveness). /readyz: 200 only while Temporal answers, so a load balancer
 * stops routing starts and callbacks here when they could not be handed to a workflow.
 */
export function healthRoutes(temporalReachable: TemporalProbe): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ok = await temporalReachable().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', temporal: ok ? 'up' : 'down' });
  });
  return router;
}
