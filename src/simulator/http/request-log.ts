/**
 * Counts requests by route as they arrive (faulted ones included, so "exactly one token request" holds
 * even during an outage) and logs one line per response: method, route template, status, error codes,
 * duration. Never bodies, headers, tokens or NHS numbers (P1, P5).
 */
import type { NextFunction, Request, Response } from 'express';
import { contextOf } from './http-common';
import type { SimulatorState } from '../state/state';

/** The path with ids replaced, so a log line names the route and nothing else. */
export function routeTemplate(path: string): string {
  return path.replace(/^\/comms\/v1\/messages\/[^/]+$/, '/comms/v1/messages/:id').replace(/^\/_admin\/faults\/[^/]+$/, '/_admin/faults/:id');
}

export function countRequests(state: SimulatorState) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const { counters } = state;
    if (req.path === '/oauth2/token' && req.method === 'POST') counters.tokenRequests += 1;
    else if (req.path === '/comms/v1/messages' && req.method === 'POST') counters.messageRequests += 1;
    else if (req.path === '/comms/v1/message-batches' && req.method === 'POST') counters.batchRequests += 1;
    else if (/^\/comms\/v1\/messages\/[^/]+$/.test(req.path) && (req.method === 'GET' || req.method === 'HEAD')) counters.getMessageRequests += 1;
    next();
  };
}

export function accessLog(state: SimulatorState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const ctx = contextOf(res);
    const route = routeTemplate(req.path);
    res.on('close', () => {
      state.logger.info({
        method: req.method,
        route,
        status: res.headersSent ? res.statusCode : undefined,
        outcome: res.headersSent ? (res.writableFinished ? 'answered' : 'aborted') : 'no-response',
        codes: ctx.errorCodes,
        durationMs: Date.now() - ctx.startedAt,
        requestId: ctx.requestId,
      }, 'simulator request');
    });
    next();
  };
}
