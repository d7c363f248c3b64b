/**
 * Times every request and writes one access-log line. The route label is the matched route *template*
 * (e.g. /v1/journeys/:id), so no id, reference or query string ever becomes a label or a log field.
 */
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../../observability/logger';
import type { GatewayMetrics } from '../../observability/metrics';

export const UNMATCHED_ROUTE = 'unmatched';

/** Routes are mounted at the root with full paths, so req.route.path is the whole template. */
export function routeTemplate(req: Request): string {
  const route: unknown = req.route;
  if (typeof route === 'object' && route !== null) {
    const path = (route as { path?: unknown }).path;
    if (typeof path === 'string') return path;
  }
  return UNMATCHED_ROUTE;
}

export function requestMetrics(metrics: GatewayMetrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeTemplate(req);
      metrics.requestDuration.observe({ method: req.method, route, status_code: String(res.statusCode) }, seconds);
      logger.info({
        correlationId: res.locals.correlationId as unknown,
        method: req.method,
        route,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1e4) / 10,
        // The API key's id (never the key) when the route authenticated one: who did what.
        keyId: (res.locals.principal as { keyId?: string } | undefined)?.keyId,
      }, 'request');
    });
    next();
  };
}
