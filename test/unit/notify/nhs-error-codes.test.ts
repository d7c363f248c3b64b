/**
 * The classification table (src/notify/nhs-error-codes.ts), one test per NHS error code, through the real
 * client over MockAgent: each code NHS's specification and proxy can send, at the HTTP status NHS sends it
 * with, becomes the client code and kind in the table. Configuration faults NHS answers with 500 are
 * permanent and raise an ops alert; an outage's 500 stays transient.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifyClient, NotifyError, type NotifyErrorCode } from '../../../src/notify';
import { NHS_ERROR_CODES, type NhsErrorCode } from '../../../src/notify/nhs-error-codes';
import { aMessage } from './support/builders';
import { aCapturedLogger, aMockAgent, anErrorBody, BASE_URL, JSON_API, ORIGIN } from './support/mock-notify';

/** Every code, the HTTP status NHS sends it with, and what the client must make of it. */
const ROWS: ReadonlyArray<readonly [NhsErrorCode, number, NotifyErrorCode, NotifyError['kind']]> = [
  ['CM_MISSING_VALUE', 400, 'NOTIFY_INVALID_REQUEST', 'permanent'],
  ['CM_NULL_VALUE', 400, 'NOTIFY_INVALID_REQUEST', 'permanent'],
  ['CM_INVALID_VALUE', 400, 'NOTIFY_INVALID_REQUEST', 'permanent'],
  ['CM_INVALID_NHS_NUMBER', 400, 'NOTIFY_INVALID_REQUEST', 'permanent'],
  ['CM_DUPLICATE_VALUE', 400, 'NOTIFY_INVALID_REQUEST', 'permanent'],
  ['CM_TOO_FEW_ITEMS', 400, 'NOTIFY_INVALID_REQUEST', 'permanent'],
  ['CM_ODS_CODE_REQUIRED', 400, 'NOTIFY_INVALID_REQUEST', 'permanent'],
  ['CM_CANNOT_SET_ODS_CODE', 400, 'NOTIFY_INVALID_REQUEST', 'permanent'],
  ['CM_CANNOT_SET_CONTACT_DETAILS', 400, 'NOTIFY_INVALID_REQUEST', 'permanent'],
  ['CM_INVALID_REQUEST', 400, 'NOTIFY_INVALID_REQUEST', 'permanent'],
  ['CM_DENIED', 401, 'NOTIFY_UNAUTHORISED', 'permanent'],
  ['CM_FORBIDDEN', 403, 'NOTIFY_FORBIDDEN', 'permanent'],
  ['CM_SERVICE_BAN', 403, 'NOTIFY_FORBIDDEN', 'permanent'],
  ['CM_NOT_FOUND', 404, 'NOTIFY_NOT_FOUND', 'permanent'],
  ['CM_NO_SUCH_ROUTING_PLAN', 404, 'NOTIFY_NO_SUCH_ROUTING_PLAN', 'permanent'],
  ['CM_NOT_ALLOWED', 405, 'NOTIFY_REQUEST_REJECTED', 'permanent'],
  ['CM_NOT_ACCEPTABLE', 406, 'NOTIFY_REQUEST_REJECTED', 'permanent'],
  ['CM_UNSUPPORTED_MEDIA', 415, 'NOTIFY_REQUEST_REJECTED', 'permanent'],
  ['CM_TOO_LARGE', 413, 'NOTIFY_PAYLOAD_TOO_LARGE', 'permanent'],
  ['CM_TOO_MANY_ITEMS', 413, 'NOTIFY_PAYLOAD_TOO_LARGE', 'permanent'],
  ['CM_DUPLICATE_REQUEST', 422, 'NOTIFY_DUPLICATE_REQUEST', 'duplicate'],
  ['CM_RETRY_TOO_EARLY', 425, 'NOTIFY_RETRY_TOO_EARLY', 'transient'],
  ['CM_QUOTA', 429, 'NOTIFY_RATE_LIMITED', 'transient'],
  ['CM_MISSING_ROUTING_PLAN_TEMPLATE', 500, 'NOTIFY_ROUTING_PLAN_MISCONFIGURED', 'permanent'],
  ['CM_ROUTING_PLAN_DUPLICATE_TEMPLATES', 500, 'NOTIFY_ROUTING_PLAN_MISCONFIGURED', 'permanent'],
  ['CM_INTERNAL_SERVER_ERROR', 500, 'NOTIFY_SERVER_ERROR', 'transient'],
  ['CM_BAD_GATEWAY', 502, 'NOTIFY_UNAVAILABLE', 'transient'],
  ['CM_SERVICE_UNAVAILABLE', 503, 'NOTIFY_UNAVAILABLE', 'transient'],
  ['CM_TIMEOUT', 504, 'NOTIFY_UNAVAILABLE', 'transient'],
];

const ALERTS = new Set<NotifyErrorCode>(['NOTIFY_UNAUTHORISED', 'NOTIFY_FORBIDDEN', 'NOTIFY_ROUTING_PLAN_MISCONFIGURED']);

describe('NHS error codes: the body code decides the client code', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => { await close?.(); close = undefined; });

  it('the table covers every code the rows name, and nothing else', () => {
    expect(Object.keys(NHS_ERROR_CODES).sort()).toEqual(ROWS.map(([code]) => code).sort());
  });

  for (const [apiCode, status, code, kind] of ROWS) {
    it(`${status} ${apiCode} → ${code} (${kind})${ALERTS.has(code) ? ', an ops alert' : ''}`, async () => {
      const agent = aMockAgent();
      close = () => agent.close();
      // 401 is answered twice: the client refreshes its token once before giving up (A3).
      agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST' })
        .reply(status, anErrorBody(status, apiCode, '/data/attributes/routingPlanId'), { headers: JSON_API }).times(2);
      const { logger, lines } = aCapturedLogger();
      const client = createNotifyClient({ baseUrl: BASE_URL, auth: { kind: 'none' }, dispatcher: agent, logger });
      const err = await client.createMessage(aMessage()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotifyError);
      expect(err).toMatchObject({ code, kind, status, apiErrorCodes: [apiCode] });
      const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.errorCode === code);
      expect(logged?.alert === true).toBe(ALERTS.has(code));
    });
  }

  it('a misconfigured routing plan says in its message that onboarding must fix it', async () => {
    const agent = aMockAgent();
    close = () => agent.close();
    agent.get(ORIGIN).intercept({ path: '/comms/v1/messages', method: 'POST' })
      .reply(500, anErrorBody(500, 'CM_MISSING_ROUTING_PLAN_TEMPLATE', '/data/attributes/routingPlanId'), { headers: JSON_API });
    const client = createNotifyClient({ baseUrl: BASE_URL, auth: { kind: 'none' }, dispatcher: agent, logger: aCapturedLogger().logger });
    await expect(client.createMessage(aMessage())).rejects.toThrow(/routing plan is misconfigured/);
  });
});
