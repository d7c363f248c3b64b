/**
 * The Temporal remote codec endpoint: POST /codec/decode and /codec/encode with JSON
 * `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`. The Web UI and `temporal workflow show
 * --codec-endpoint` call it so ops can read, with the key, which wording a patient got; without it they see
 * only ciphertext. Decrypting history is a privilege of its own: the `codec` scope, never implied by others.
 * CORS answers only the configured Web UI origins. See docs/privacy.md for the UI's credential trade-off.
 * Field problems name locations by schema key only: a client's metadata keys are never echoed back.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { GatewayMetrics } from '../../observability/metrics';
import { requireScope, type Authenticate } from '../auth/require-scope';
import { GatewayError } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { methodNotAllowed } from '../http/method-not-allowed';
import { toFieldProblems } from '../http/validation';

export interface CodecRouteOptions {
  readonly codec: PayloadCodec;
  readonly authenticate: Authenticate;
  readonly metrics: GatewayMetrics;
  /** Origins of the Temporal Web UI allowed to call from a browser (exact match). */
  readonly allowedOrigins: readonly string[];
  /**
   * Local tier only: the embedded Web UI's own origins. That UI cannot attach our bearer key, so a browser on
   * loopback sending one of these origins (and no credential, and not through a proxy) needs none. Any other
   * caller, including a loopback process that sends no Origin, needs the `codec` scope.
   */
  readonly anonymousOrigins?: readonly string[];
  readonly bodyLimitBytes?: number;
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const CodecBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }).strict()).max(10_000),
}).strict();

const toPayload = (wire: z.infer<typeof CodecBody>['payloads'][number]): Payload => ({
  metadata: Object.fromEntries(Object.entries(wire.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(wire.data ?? '', 'base64'),
});
const toWire = (payload: Payload) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function cors(allowedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin !== undefined && allowedOrigins.includes(origin)) {
      res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' });
      if (req.method === 'OPTIONS') {
        res.set({ 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'content-type,x-namespace,authorization', 'Access-Control-Max-Age': '600' });
        res.status(204).end();
        return;
      }
    }
    next();
  };
}

function guard(options: CodecRouteOptions): RequestHandler {
  const scoped = requireScope(options.authenticate, 'codec', options.metrics);
  return (req, res, next) => {
    const origin = req.get('origin');
    const proxied = req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined;
    const fromLocalUi = origin !== undefined && (options.anonymousOrigins ?? []).includes(origin) && !proxied
      && LOOPBACK.has(req.socket.remoteAddress ?? '') && req.get('authorization') === undefined;
    if (fromLocalUi) {
      next();
      return;
    }
    void scoped(req, res, next);
  };
}

function transform(codec: PayloadCodec, direction: 'encode' | 'decode'): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const parsed = CodecBody.safeParse(req.body);
    if (!parsed.success) {
      next(new GatewayError('INVALID_REQUEST', { details: toFieldProblems(parsed.error, CodecBody) }));
      return;
    }
    try {
      const payloads = await codec[direction](parsed.data.payloads.map(toPayload));
      res.json({ payloads: payloads.map(toWire) });
    } catch (error) {
      // A stable code (unknown key, failed authentication) helps ops; the message never carries payload bytes.
      const reason = (error as { code?: unknown }).code;
      next(typeof reason === 'string' ? new GatewayError('INVALID_REQUEST', { reason }) : error);
    }
  };
}

export function codecRoutes(options: CodecRouteOptions): Router {
  const router = Router();
  const body = jsonBody(options.bodyLimitBytes ?? 8 * 1024 * 1024);
  router.use('/codec', cors(options.allowedOrigins));
  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/codec/${direction}`, guard(options), ...body, transform(options.codec, direction));
    router.all(`/codec/${direction}`, methodNotAllowed(['POST']));
  }
  return router;
}
