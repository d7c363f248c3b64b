/**
 * Every status and failure the brief names, through the real client over MockAgent (network disabled):
 * the stable code, the kind that decides the retry, and Retry-After in ms. Bodies and patient data never
 * reach error messages or logs.
 */
import { errors as undiciErrors } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyNotifyError, createNotifyClient, NotifyError, NotifyInvalidRequestError, type NotifyClient } from '../../../src/notify';
import { CANARY_NHS_NUMBER, aMessage } from './support/builders';
import { aCapturedLogger, aMockAgent, anErrorBody, BASE_URL, JSON_API, ORIGIN } from './support/mock-notify';

interface Row {
  readonly status: number;
  readonly apiCode?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly code: string;
  readonly kind: string;
  readonly retryAfterMs?: number;
}

const TABLE: Row[] = [
  { status: 400, apiCode: 'CM_INVALID_NHS_NUMBER', code: 'NOTIFY_INVALID_REQUEST', kind: 'permanent' },
  { status: 400, apiCode: 'CM_INVALID_VALUE', code: 'NOTIFY_INVALID_REQUEST', kind: 'permanent' },
  { status: 400, apiCode: 'CM_CANNOT_SET_ODS_CODE', code: 'NOTIFY_INVALID_REQUEST', kind: 'permanent' },
  { status: 401, apiCode: 'CM_DENIED', code: 'NOTIFY_UNAUTHORISED', kind: 'permanent' },
  { status: 403, apiCode: 'CM_FORBIDDEN', code: 'NOTIFY_FORBIDDEN', kind: 'permanent' },
  { status: 403, apiCode: 'CM_SERVICE_BAN', code: 'NOTIFY_FORBIDDEN', kind: 'permanent' },
  { status: 404, apiCode: 'CM_NO_SUCH_ROUTING_PLAN', code: 'NOTIFY_NO_SUCH_ROUTING_PLAN', kind: 'permanent' },
  { status: 404, apiCode: 'CM_NOT_FOUND', code: 'NOTIFY_NOT_FOUND', kind: 'permanent' },
  { status: 405, apiCode: 'CM_NOT_ALLOWED', code: 'NOTIFY_REQUEST_REJECTED', kind: 'permanent' },
  { status: 406, apiCode: 'CM_NOT_ACCEPTABLE', code: 'NOTIFY_REQUEST_REJECTED', kind: 'permanent' },
  { status: 408, apiCode: 'CM_TIMEOUT', code: 'NOTIFY_UNAVAILABLE', kind: 'transient' },
  { status: 413, apiCode: 'CM_TOO_LARGE', code: 'NOTIFY_PAYLOAD_TOO_LARGE', kind: 'permanent' },
  { status: 415, apiCode: 'CM_UNSUPPORTED_MEDIA', code: 'NOTIFY_REQUEST_REJECTED', kind: 'permanent' },
  { status: 422, apiCode: 'CM_DUPLICATE_REQUEST', code: 'NOTIFY_DUPLICATE_REQUEST', kind: 'duplicate' },
  { status: 425, apiCode: 'CM_RETRY_TOO_EARLY', headers: { 'retry-after': '300' }, code: 'NOTIFY_RETRY_TOO_EARLY', kind: 'transient', retryAfterMs: 300_000 },
  { status: 429, apiCode: 'CM_QUOTA', headers: { 'retry-after': '5' }, code: 'NOTIFY_RATE_LIMITED', kind: 'transient', retryAfterMs: 5_000 },
  { status: 429, apiCode: 'CM_QUOTA', headers: { 'retry-after': '60' }, code: 'NOTIFY_RATE_LIMITED', kind: 'transient', retryAfterMs: 60_000 },
  { status: 429, apiCode: 'CM_QUOTA', code: 'NOTIFY_RATE_LIMITED', kind: 'transient' },
  { status: 500, apiCode: 'CM_INTERNAL_SERVER_ERROR', code: 'NOTIFY_SERVER_ERROR', kind: 'transient' },
  { status: 500, apiCode: 'CM_MISSING_ROUTING_PLAN_TEMPLATE', code: 'NOTIFY_ROUTING_PLAN_MISCONFIGURED', kind: 'permanent' },
  { status: 500, apiCode: 'CM_ROUTING_PLAN_DUPLICATE_TEMPLATES', code: 'NOTIFY_ROUTING_PLAN_MISCONFIGURED', kind: 'permanent' },
  { status: 500, apiCode: 'CM_SOMETHING_NEW', code: 'NOTIFY_SERVER_ERROR', kind: 'transient' },
  { status: 502, apiCode: 'CM_BAD_GATEWAY', code: 'NOTIFY_UNAVAILABLE', kind: 'transient' },
  { status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' }, code: 'NOTIFY_UNAVAILABLE', kind: 'transient' },
  { status: 503, apiCode: 'CM_SERVICE_UNAVAILABLE', code: 'NOTIFY_UNAVAILABLE', kind: 'transient' },
  { status: 503, apiCode: 'CM_SERVICE_UNAVAILABLE', headers: { 'retry-after': '5' }, code: 'NOTIFY_UNAVAILABLE', kind: 'transient', retryAfterMs: 5_000 },
  { status: 504, apiCode: 'CM_TIMEOUT', code: 'NOTIFY_UNAVAILABLE', kind: 'transient' },
  { status: 301, body: '', headers: { location: 'https://elsewhere.test/' }, code: 'NOTIFY_REDIRECT_REFUSED', kind: 'permanent' },
  { status: 302, body: '', headers: { location: 'https://elsewhere.test/' }, code: 'NOTIFY_REDIRECT_REFUSED', kind: 'permanent' },
  { status: 307, body: '', headers: { location: 'https://elsewhere.test/' }, code: 'NOTIFY_REDIRECT_REFUSED', kind: 'permanent' },
  { status: 308, body: '', headers: { location: 'https://elsewhere.test/' }, code: 'NOTIFY_REDIRECT_REFUSED', kind: 'permanent' },
];

describe('error classification: HTTP statuses from POST /v1/messages', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => { await close?.(); close = undefined; });

  function clientAnswering(row: Row): { client: NotifyClient; lines: string[] } {
    const agent = aMockAgent();
    close = () => agent.close();
    const body = row.body ?? anErrorBody(row.status, row.apiCode ?? 'CM_X', '/data/attributes/recipient/nhsNumber');
    agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST' })
      .reply(row.status, body, { headers: { ...JSON_API, ...row.headers } });
    const { logger, lines } = aCapturedLogger();
    return { client: createNotifyClient({ baseUrl: BASE_URL, auth: { kind: 'none' }, dispatcher: agent, logger }), lines };
  }

  for (const row of TABLE) {
    it(`${row.status}${row.apiCode ? ` ${row.apiCode}` : ''}${row.headers?.['retry-after'] ? ` (Retry-After ${row.headers['retry-after']})` : ''} → ${row.code} (${row.kind})`, async () => {
      const { client, lines } = clientAnswering(row);
      const err = await client.createMessage(aMessage()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotifyError);
      expect(err).toMatchObject({ code: row.code, kind: row.kind, status: row.status });
      expect((err as NotifyError).retryAfterMs).toBe(row.retryAfterMs);
      expect(classifyNotifyError(err)).toEqual({ code: row.code, kind: row.kind, ...(row.retryAfterMs === undefined ? {} : { retryAfterMs: row.retryAfterMs }) });
      if (row.apiCode && row.status >= 400) expect((err as NotifyError).apiErrorCodes).toEqual([row.apiCode]);
      // The error body's detail quotes an NHS number: it must reach neither the error nor the logs.
      expect((err as Error).message).not.toContain(CANARY_NHS_NUMBER);
      expect(lines.join('\n')).not.toContain(CANARY_NHS_NUMBER);
      expect(lines.some((l) => l.includes(`"errorCode":"${row.code}"`))).toBe(true);
    });
  }

  it('a 400 lists the JSON pointers NHS Notify named (never values)', async () => {
    const { client } = clientAnswering(TABLE[0] as Row);
    const err = await client.createMessage(aMessage()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifyInvalidRequestError);
    expect((err as NotifyInvalidRequestError).fieldPaths).toEqual(['/data/attributes/recipient/nhsNumber']);
  });
});

describe('error classification: failures with no status line', () => {
  const CASES: { name: string; error: Error; code: string; kind: string }[] = [
    { name: 'ECONNREFUSED (never sent)', error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), code: 'NOTIFY_NETWORK', kind: 'transient' },
    { name: 'DNS ENOTFOUND (never sent)', error: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), code: 'NOTIFY_NETWORK', kind: 'transient' },
    { name: 'ConnectTimeoutError (never sent)', error: new undiciErrors.ConnectTimeoutError(), code: 'NOTIFY_NETWORK', kind: 'transient' },
    { name: 'HeadersTimeoutError (after write)', error: new undiciErrors.HeadersTimeoutError(), code: 'NOTIFY_TIMEOUT', kind: 'ambiguous' },
    { name: 'BodyTimeoutError (after write)', error: new undiciErrors.BodyTimeoutError(), code: 'NOTIFY_TIMEOUT', kind: 'ambiguous' },
    { name: 'SocketError (reset after write)', error: new undiciErrors.SocketError('other side closed'), code: 'NOTIFY_AMBIGUOUS', kind: 'ambiguous' },
    { name: 'ECONNRESET', error: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), code: 'NOTIFY_AMBIGUOUS', kind: 'ambiguous' },
    { name: 'an error nobody recognises', error: new Error('???'), code: 'NOTIFY_AMBIGUOUS', kind: 'ambiguous' },
  ];
  for (const c of CASES) {
    it(`${c.name} → ${c.code} (${c.kind})`, async () => {
      const agent = aMockAgent();
      agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST' }).replyWithError(c.error);
      const client = createNotifyClient({ baseUrl: BASE_URL, auth: { kind: 'none' }, dispatcher: agent, logger: aCapturedLogger().logger });
      const err = await client.createMessage(aMessage()).catch((e: unknown) => e);
      await agent.close();
      expect(err).toMatchObject({ code: c.code, kind: c.kind });
      expect(classifyNotifyError(err)).toEqual({ code: c.code, kind: c.kind });
    });
  }

  it('anything that is not a NotifyError classifies as ambiguous (retry only with the same reference)', () => {
    expect(classifyNotifyError(new TypeError('bug'))).toEqual({ kind: 'ambiguous', code: 'NOTIFY_AMBIGUOUS' });
    expect(classifyNotifyError('a string')).toEqual({ kind: 'ambiguous', code: 'NOTIFY_AMBIGUOUS' });
  });
});
