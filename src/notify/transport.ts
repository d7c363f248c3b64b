/**
 * Layer 1 of the NHS Notify client: one HTTP exchange over an injected undici Dispatcher.
 * It knows nothing about tokens or message shapes. It guarantees:
 * - every request carries X-Correlation-ID (the caller's, or a fresh UUID);
 * - connect, headers, body and overall timeouts are always set;
 * - redirects are never followed (undici's request API does not follow them, and we add no redirect
 *   interceptor): any 3xx becomes NOTIFY_REDIRECT_REFUSED, so the body is never re-sent elsewhere (OWASP API10);
 * - the response body is read up to a size limit, then dropped;
 * - failures without a status line are classified in network-errors.ts.
 * Logs carry method, route template, status, duration, correlation id and error code: never bodies or headers.
 */
import { randomUUID } from 'node:crypto';
import { Agent, type Dispatcher } from 'undici';
import type { Logger } from '../observability/logger';
import { NotifyBadResponseError, NotifyError, NotifyRedirectRefusedError } from './errors';
import { networkErrorToNotifyError } from './network-errors';
import { discard, readBodyWithLimit } from './read-body';

export interface TransportTimeouts {
  readonly connectMs: number;
  /** Until the response headers arrive. NHS Notify's own target timeout is 29 s (then it answers 504). */
  readonly headersMs: number;
  /** Longest silence between body chunks. */
  readonly bodyMs: number;
  /** The whole exchange, including a body that trickles in slowly enough to dodge bodyMs (A9). */
  readonly totalMs: number;
}

export const DEFAULT_TIMEOUTS: TransportTimeouts = { connectMs: 5_000, headersMs: 35_000, bodyMs: 10_000, totalMs: 45_000 };
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export interface TransportRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  /** For logs: the path template, e.g. "/v1/messages/{messageId}". */
  readonly route: string;
  readonly body?: { readonly json: unknown } | { readonly form: Readonly<Record<string, string>> };
  readonly headers?: Readonly<Record<string, string>>;
  readonly accept?: string;
  readonly correlationId?: string;
  readonly maxResponseBytes?: number;
  readonly signal?: AbortSignal;
}

export interface TransportResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly contentType: string | undefined;
  /** Raw bytes. Never logged. */
  readonly body: Buffer;
  readonly correlationId: string;
}

export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

export interface TransportOptions {
  readonly dispatcher?: Dispatcher;
  readonly timeouts?: Partial<TransportTimeouts>;
  readonly maxResponseBytes?: number;
  readonly logger: Logger;
  readonly userAgent?: string;
}

export function createDefaultAgent(timeouts: TransportTimeouts): Agent {
  return new Agent({
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 60_000,
    connections: 32,
  });
}

function encodeBody(body: TransportRequest['body']): { payload?: string; contentType?: string } {
  if (body === undefined) return {};
  if ('json' in body) return { payload: JSON.stringify(body.json), contentType: 'application/vnd.api+json' };
  return { payload: new URLSearchParams(body.form).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export function createTransport(options: TransportOptions): Transport {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? createDefaultAgent(timeouts);
  const log = options.logger;

  async function send(request: TransportRequest): Promise<TransportResponse> {
    const correlationId = request.correlationId ?? randomUUID();
    const deadline = AbortSignal.timeout(timeouts.totalMs);
    const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
    const { payload, contentType } = encodeBody(request.body);
    const started = performance.now();
    const logFields = { method: request.method, route: request.route, correlationId };
    try {
      const res = await dispatcher.request({
        origin: request.url.origin,
        path: `${request.url.pathname}${request.url.search}`,
        method: request.method,
        headers: {
          ...request.headers,
          accept: request.accept ?? 'application/vnd.api+json',
          'x-correlation-id': correlationId,
          'user-agent': options.userAgent ?? 'notify-journeys',
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        body: payload ?? null,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
        signal,
      });
      const durationMs = Math.round(performance.now() - started);
      if (res.statusCode >= 300 && res.statusCode < 400) {
        discard(res.body);
        log.warn({ ...logFields, status: res.statusCode, durationMs, errorCode: 'NOTIFY_REDIRECT_REFUSED' }, 'notify request redirected; not followed');
        throw new NotifyRedirectRefusedError(`${request.route}: answered ${res.statusCode} redirect; redirects are never followed`, { status: res.statusCode, correlationId });
      }
      const limit = request.maxResponseBytes ?? options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const body = await readBodyWithLimit(res.body, limit);
      if (body === undefined) {
        throw new NotifyBadResponseError(`${request.route}: response body larger than ${limit} bytes`, { status: res.statusCode, correlationId });
      }
      const ct = res.headers['content-type'];
      log.debug({ ...logFields, status: res.statusCode, durationMs: Math.round(performance.now() - started) }, 'notify request');
      return { status: res.statusCode, headers: res.headers, contentType: Array.isArray(ct) ? ct[0] : ct, body, correlationId };
    } catch (err) {
      const failure = err instanceof NotifyError ? err : networkErrorToNotifyError(err, {
        route: request.route, correlationId, deadlineExceeded: deadline.aborted, callerAborted: request.signal?.aborted ?? false,
      });
      if (failure.code !== 'NOTIFY_REDIRECT_REFUSED') {
        log.warn({ ...logFields, durationMs: Math.round(performance.now() - started), errorCode: failure.code }, 'notify request failed');
      }
      throw failure;
    }
  }

  let closed: Promise<void> | undefined;
  return {
    send,
    // Idempotent: a second close (e.g. from shutdown hooks) must not throw ClientDestroyedError.
    close: () => (closed ??= ownsDispatcher ? dispatcher.close() : Promise.resolve()),
  };
}
