/**
 * Request and response plumbing shared by every simulator route (docs/nhs-notify.md §2): the path
 * normalisation and CORS preflight NHS's proxy does before anything else, the default headers it sets on
 * every response, content negotiation of the response type, correlation ids, and the one function that writes
 * bodies, so the "slow body" fault can drip any response one byte at a time.
 */
import { randomInt } from 'node:crypto';
import type { Request, Response } from 'express';
import { errorEnvelope, type ErrorSpec } from './errors';
import type { MalformedVariant } from '../faults/fault-rules';

export interface RequestContext {
  /** The Apigee-style message id: error ids are `<requestId>.<n>`; token errors carry it as message_id. */
  readonly requestId: string;
  readonly startedAt: number;
  /** Set by the slow-body fault: ms between bytes. */
  dripMs?: number;
  /** Set by the malformed fault: how to mangle the response. */
  malform?: MalformedVariant;
  /** Error codes sent, for the access log. */
  errorCodes?: string[];
}

let sequence = 0;

/** Shaped like Apigee's `rrt-<digits>-c-<region>-<pid>-<seq>-1`, so clients that log it see something familiar. */
export function newRequestId(): string {
  sequence += 1;
  const digits = `${randomInt(1e9)}${randomInt(1e9)}`.padEnd(18, '0');
  return `rrt-${digits}-c-local-${process.pid}-${sequence}-1`;
}

export function contextOf(res: Response): RequestContext {
  const ctx = res.locals.sim as RequestContext | undefined;
  if (ctx === undefined) throw new Error('simulator request context missing: requestContext() not mounted');
  return ctx;
}

/** NHS's proxy collapses repeated slashes before routing, so `/comms//v1/messages` is `/comms/v1/messages`. */
export function collapseSlashes(req: Request, _res: Response, next: () => void): void {
  const query = req.url.indexOf('?');
  const path = query === -1 ? req.url : req.url.slice(0, query);
  const collapsed = path.replace(/\/{2,}/g, '/');
  if (collapsed !== path) req.url = `${collapsed}${query === -1 ? '' : req.url.slice(query)}`;
  next();
}

/** What NHS's proxy answers a CORS preflight with, on any path, before auth. */
export const CORS_PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Headers': 'origin, x-requested-with, accept, content-type, nhsd-session-urid, x-correlation-id, authorization',
  'Access-Control-Max-Age': '3628800',
  'Access-Control-Allow-Methods': 'GET, PUT, POST, PATCH, DELETE',
};

/** An OPTIONS with an Origin and Access-Control-Request-Method is a preflight: 200, no body (mount after requestContext). */
export function corsPreflight(req: Request, res: Response, next: () => void): void {
  const origin = req.get('origin');
  if (req.method !== 'OPTIONS' || origin === undefined || req.get('access-control-request-method') === undefined) return next();
  res.setHeader('Access-Control-Allow-Origin', origin);
  for (const [name, value] of Object.entries(CORS_PREFLIGHT_HEADERS)) res.setHeader(name, value);
  res.status(200).end();
}

/** Express middleware: creates the request context and sets NHS's default response headers. */
export function requestContext(req: Request, res: Response, next: () => void): void {
  const ctx: RequestContext = { requestId: newRequestId(), startedAt: Date.now() };
  res.locals.sim = ctx;
  const correlation = req.get('x-correlation-id');
  res.setHeader('X-Correlation-Id', correlation !== undefined && correlation !== '' ? correlation : ctx.requestId);
  res.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const origin = req.get('origin');
  if (origin !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'x-correlation-id');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  }
  next();
}

/** §2: application/json only when the request's Accept was exactly that; otherwise the JSON:API type. */
export function responseContentType(req: Request): string {
  return req.get('accept') === 'application/json' ? 'application/json' : 'application/vnd.api+json';
}

/** The malformed fault's mangling of an otherwise correct response (A8). */
function mangle(variant: MalformedVariant, status: number, body: string, contentType: string): { status: number; body: string; contentType: string } {
  switch (variant) {
    case 'truncatedJson': return { status, body: body.slice(0, Math.max(1, Math.floor(body.length / 2))), contentType };
    case 'wrongShape': return { status, body: JSON.stringify({ data: { unexpected: true } }), contentType };
    case 'wrongContentType': return { status, body: `<html><body>${status}</body></html>`, contentType: 'text/html' };
    case 'errorBodyWith200': return { status: 200, body: JSON.stringify({ errors: [{ code: 'CM_INTERNAL_SERVER_ERROR', status: '500', title: 'Error processing request' }] }), contentType };
  }
}

/** The single writer of response bodies. Honours the slow-body fault (one byte per `dripMs`) and the malformed fault. */
export function sendBody(res: Response, statusIn: number, bodyIn: string, contentTypeIn: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const ctx = res.locals.sim as RequestContext | undefined;
  const { status, body, contentType } = ctx?.malform !== undefined ? mangle(ctx.malform, statusIn, bodyIn, contentTypeIn) : { status: statusIn, body: bodyIn, contentType: contentTypeIn };
  const bytes = Buffer.from(body, 'utf8');
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(bytes.length));
  const drip = ctx?.dripMs;
  if (drip === undefined || res.req.method === 'HEAD' || bytes.length === 0) {
    res.end(res.req.method === 'HEAD' ? undefined : bytes);
    return;
  }
  res.flushHeaders();
  let offset = 0;
  const timer = setInterval(() => {
    if (res.destroyed) {
      clearInterval(timer);
      return;
    }
    const byte = bytes.subarray(offset, offset + 1);
    offset += 1;
    if (offset < bytes.length) {
      res.write(byte);
      return;
    }
    // End with the last byte: a client that reuses the connection must find this response finished.
    clearInterval(timer);
    res.end(byte);
  }, drip);
  res.on('close', () => clearInterval(timer));
}

export function sendJson(req: Request, res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendBody(res, status, JSON.stringify(body), responseContentType(req), headers);
}

export function sendErrors(req: Request, res: Response, specs: readonly ErrorSpec[], headers: Record<string, string> = {}): void {
  const ctx = contextOf(res);
  const { status, body } = errorEnvelope(ctx.requestId, specs);
  ctx.errorCodes = body.errors.map((e) => e.code);
  sendJson(req, res, status, body, headers);
}
