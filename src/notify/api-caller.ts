/**
 * Sends one authorised request to the messages API and returns only a 2xx; anything else becomes a typed
 * NotifyError (http-errors.ts). A 401 means our cached token was revoked or expired early: the token is
 * dropped and the request is sent ONCE more with a fresh token (safe: a 401 request was not processed).
 * A second 401 is NOTIFY_UNAUTHORISED, non-retryable, and logged at error level as an alert (A3), like
 * every other code only people can fix (OPS_ALERT_CODES).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger';
import type { Authenticator } from './auth';
import type { Clock } from './clock';
import { OPS_ALERT_CODES } from './error-codes';
import { httpErrorFromResponse } from './http-errors';
import type { Transport, TransportResponse } from './transport';

export interface ApiRequest {
  readonly method: 'GET' | 'POST';
  /** Relative to the base URL, e.g. "v1/messages". Callers validate any id they put in it. */
  readonly path: string;
  /** For logs and errors: "POST /v1/messages". */
  readonly route: string;
  readonly json?: unknown;
  readonly correlationId?: string;
  readonly signal?: AbortSignal;
  readonly maxResponseBytes?: number;
}

export type CallApi = (request: ApiRequest) => Promise<TransportResponse>;

export interface ApiCallerDeps {
  readonly baseUrl: URL;
  readonly transport: Transport;
  readonly auth: Authenticator;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function createApiCaller(deps: ApiCallerDeps): CallApi {
  const base = deps.baseUrl.href.replace(/\/+$/, '');

  async function attempt(request: ApiRequest, correlationId: string): Promise<{ res: TransportResponse; authorization?: string }> {
    const authorization = await deps.auth.authorization();
    const res = await deps.transport.send({
      method: request.method,
      url: new URL(`${base}/${request.path}`),
      route: request.route,
      correlationId,
      headers: authorization === undefined ? {} : { authorization },
      ...(request.json === undefined ? {} : { body: { json: request.json } }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      ...(request.maxResponseBytes === undefined ? {} : { maxResponseBytes: request.maxResponseBytes }),
    });
    return authorization === undefined ? { res } : { res, authorization };
  }

  return async (request) => {
    const correlationId = request.correlationId ?? randomUUID();
    let { res, authorization } = await attempt(request, correlationId);
    if (res.status === 401 && authorization !== undefined) {
      deps.auth.reject(authorization);
      deps.logger.info({ route: request.route, correlationId, status: 401 }, 'notify token rejected; refreshing once');
      ({ res, authorization } = await attempt(request, correlationId));
    }
    if (res.status >= 200 && res.status < 300) return res;
    const error = httpErrorFromResponse(request.route, res, deps.clock);
    const fields = { method: request.method, route: request.route, status: res.status, correlationId, errorCode: error.code };
    if (OPS_ALERT_CODES.has(error.code)) {
      deps.logger.error({ ...fields, alert: true }, 'notify refused the request until its configuration is fixed');
    } else {
      deps.logger.warn(fields, 'notify request unsuccessful');
    }
    throw error;
  };
}
