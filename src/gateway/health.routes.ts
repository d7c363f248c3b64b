import { Router } from 'express';
import type { Readiness } from '../contracts/readiness';

/**
 * Answers whether this process can do its work right now; readiness is only as good as this probe. A bare
 * boolean is shorthand for "Temporal answers" (true) or not (false).
 */
export type TemporalProbe = () => Promise<boolean | Readiness>;

function asReadiness(result: boolean | Readiness): Readiness {
  if (typeof result !== 'boolean') return result;
  return result ? { ready: true } : { ready: false, reason: 'TEMPORAL_UNREACHABLE' };
}

/**
 * /healthz: the process is up (liveness). /readyz: 200 only while Temporal answers and the namespace can take
 * journeys (and, for a worker, it is polling), so a load balancer stops routing starts and callbacks here when
 * they could not be handed to a workflow. A 503 names its reason code.
 */
export function healthRoutes(probe: TemporalProbe): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const readiness = asReadiness(await probe().catch(() => false));
    if (readiness.ready) {
      res.json({ status: 'ready', temporal: 'up' });
      return;
    }
    res.status(503).json({
      status: 'unavailable', reason: readiness.reason, temporal: readiness.reason === 'TEMPORAL_UNREACHABLE' ? 'down' : 'up',
      ...(readiness.missing === undefined ? {} : { missing: readiness.missing }),
    });
  });
  return router;
}
