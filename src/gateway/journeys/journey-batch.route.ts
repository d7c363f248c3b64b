/**
 * POST /v1/journeys/batch: start many journeys in one request, each with its own result. The envelope is
 * validated as a whole (400 if it is not `{ items: [...] }` of a sane size); each item is then validated and
 * started independently, so one bad item never blocks the rest. The response is 200 with per-item statuses
 * that mean exactly what the single-item endpoint's statuses mean (201, 200, 400, 422, 503).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../../observability/logger';
import { requireScope } from '../auth/require-scope';
import { correlationIdOf } from '../http/correlation-id';
import { errorBody, GatewayError } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { methodNotAllowed } from '../http/method-not-allowed';
import { TemporalUnavailableError } from '../../contracts/ports';
import { JOURNEYS_PATH } from './journey.routes';
import { JOURNEY_DEFAULTS, type JourneyRouteOptions } from './journey-route-options';
import { handleStartRequest, principalId } from './start-request';
import { validOrThrow, zodValidator } from './validators';

export const JOURNEY_BATCH_PATH = `${JOURNEYS_PATH}/batch`;

export function batchEnvelope(maxItems: number): z.ZodType<{ items: unknown[] }> {
  return z.object({ items: z.array(z.unknown()).min(1).max(maxItems) }).strict();
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  }));
  return results;
}

export function journeyBatchRoutes(options: JourneyRouteOptions, logger: Logger): Router {
  const envelope = zodValidator(batchEnvelope(options.maxBatchItems ?? JOURNEY_DEFAULTS.maxBatchItems));
  const router = Router();
  router.post(JOURNEY_BATCH_PATH, requireScope(options.authenticate, 'journeys:write', options.metrics),
    ...jsonBody(options.batchBodyLimitBytes ?? JOURNEY_DEFAULTS.batchBodyLimitBytes),
    async (req, res) => {
      const { items } = validOrThrow(envelope, req.body);
      const correlationId = correlationIdOf(res);
      const results = await mapLimited(items, options.batchConcurrency ?? JOURNEY_DEFAULTS.batchConcurrency, async (item, index) => {
        try {
          const result = await handleStartRequest(item, options, principalId(res));
          if (result.ok) return { index, status: result.status, journey: result.journey };
          return { index, status: result.error.status, ...errorBody(result.error.code, correlationId, result.error.extras) };
        } catch (error) {
          const unavailable = error instanceof TemporalUnavailableError;
          if (!unavailable) logger.error({ correlationId, index, err: error }, 'batch item failed');
          const failure = new GatewayError(unavailable ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR');
          return { index, status: failure.status, ...errorBody(failure.code, correlationId) };
        }
      });
      res.status(200).json({ results });
    });
  router.all(JOURNEY_BATCH_PATH, methodNotAllowed(['POST']));
  return router;
}
