/**
 * Applies request-phase faults before a request is handled: latency, error statuses (NHS's error body for
 * the status), 429 and 425 with Retry-After, a hung response that never sends headers, a slow body, a
 * redirect to another host, and a token endpoint outage. Accept-phase faults live in the send routes.
 */
import type { NextFunction, Request, Response } from 'express';
import { sleep } from '../messages/accept-message';
import type { ErrorKey } from '../http/errors';
import type { FaultRoute } from './fault-rules';
import { contextOf, sendBody, sendErrors } from '../http/http-common';
import { classifyRoute, faultRouteOf } from '../http/negotiation';
import type { SimulatorState } from '../state/state';

const KEY_FOR_STATUS: Readonly<Record<number, ErrorKey>> = {
  400: 'CM_INVALID_VALUE', 401: 'CM_DENIED', 403: 'CM_FORBIDDEN', 404: 'CM_NOT_FOUND', 408: 'CM_REQUEST_TIMEOUT',
  413: 'CM_TOO_LARGE', 422: 'CM_DUPLICATE_REQUEST', 425: 'CM_RETRY_TOO_EARLY', 429: 'CM_QUOTA',
  500: 'CM_INTERNAL_SERVER_ERROR', 502: 'CM_BAD_GATEWAY', 503: 'CM_SERVICE_UNAVAILABLE', 504: 'CM_TIMEOUT',
};

export function faultRouteOfRequest(req: Request): FaultRoute {
  if (req.path === '/oauth2/token') return 'token';
  if (req.path === '/comms' || req.path.startsWith('/comms/')) return faultRouteOf(classifyRoute(req.method, req.path.slice('/comms'.length)));
  return 'any';
}

function sendStatus(req: Request, res: Response, route: FaultRoute, status: number, headers: Record<string, string>): void {
  if (route === 'token') {
    const body = { error: status === 503 ? 'temporarily_unavailable' : 'server_error', error_description: 'The service is currently unavailable', message_id: contextOf(res).requestId };
    return sendBody(res, status, JSON.stringify(body), 'application/json', headers);
  }
  const key = KEY_FOR_STATUS[status];
  if (key !== undefined) return sendErrors(req, res, [{ key }], headers);
  const error = { id: `${contextOf(res).requestId}.0`, code: 'CM_INTERNAL_SERVER_ERROR', links: {}, status: String(status), title: 'Simulated fault', detail: `Simulated HTTP ${status}` };
  sendBody(res, status, JSON.stringify({ errors: [error] }), 'application/vnd.api+json', headers);
}

export function faultGate(state: SimulatorState) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const route = faultRouteOfRequest(req);
    const { faults } = state;
    const delay = faults.takeAll('latency', route).reduce((sum, rule) => sum + rule.ms, 0);
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;
    const slow = faults.take('slowBody', route);
    if (slow !== undefined) contextOf(res).dripMs = slow.byteEveryMs;
    const malformed = faults.take('malformed', route);
    if (malformed !== undefined) contextOf(res).malform = malformed.variant;

    if (faults.take('hang', route) !== undefined) {
      req.resume();
      return; // never answer: the client's headers timeout must fire
    }
    const redirect = faults.take('redirect', route);
    if (redirect !== undefined) {
      req.resume();
      res.status(redirect.status).setHeader('Location', redirect.location);
      res.end();
      return;
    }
    const outage = route === 'token' ? faults.take('tokenOutage', route) : undefined;
    const status = outage ?? faults.take('status', route);
    if (status !== undefined) {
      const retryAfter: Record<string, string> = 'retryAfterSeconds' in status && status.retryAfterSeconds !== undefined ? { 'Retry-After': String(status.retryAfterSeconds) } : {};
      return sendStatus(req, res, route, status.status, retryAfter);
    }
    const quota = faults.take('quota', route);
    if (quota !== undefined) return sendStatus(req, res, route, 429, { 'Retry-After': String(quota.retryAfterSeconds) });
    const early = faults.take('tooEarly', route);
    if (early !== undefined) return sendStatus(req, res, route, 425, { 'Retry-After': String(early.retryAfterSeconds) });
    next();
  };
}
