/**
 * Known answers of NHS's public sandbox (https://sandbox.api.service.nhs.uk/comms), as its documentation,
 * specification and sandbox test suite define them: with `sandbox: true` (`npm run simulator -- --sandbox`)
 * the simulator answers each documented request with the same status, error code, JSON pointer and
 * Retry-After. docs/simulator.md lists what still differs on purpose.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { call, quietLogger, type HttpResult } from './support';

const PLAN = 'b838b13c-f98c-4def-93f0-515d4e4f4ee1';
const JSON_HEADERS = { 'content-type': 'application/json', accept: '*/*' };

function message(attributes: Record<string, unknown> = {}) {
  return { data: { type: 'Message', attributes: { routingPlanId: PLAN, messageReference: randomUUID(), recipient: { nhsNumber: '9990548609' }, ...attributes } } };
}
function batch(messages: unknown[], routingPlanId = PLAN) {
  return { data: { type: 'MessageBatch', attributes: { routingPlanId, messageBatchReference: randomUUID(), messages } } };
}

interface Known {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly status: number;
  readonly code?: string;
  readonly pointer?: string;
  readonly header?: string;
  readonly retryAfter?: string;
}

const SEND: ReadonlyArray<readonly [string, Known]> = [
  ['a valid message', { path: '/v1/messages', body: message(), status: 201 }],
  ['plan c8857ccf: templates missing', { path: '/v1/messages', body: message({ routingPlanId: 'c8857ccf-06ec-483f-9b3a-7fc732d9ad48' }), status: 500, code: 'CM_MISSING_ROUTING_PLAN_TEMPLATE', pointer: '/data/attributes/routingPlanId' }],
  ['plan aeb16ab8: NHS App template missing', { path: '/v1/messages', body: message({ routingPlanId: 'aeb16ab8-cb9c-4d23-92e9-87c78119175c' }), status: 500, code: 'CM_MISSING_ROUTING_PLAN_TEMPLATE', pointer: '/data/attributes/routingPlanId' }],
  ['plan a3a4e55d: duplicate templates', { path: '/v1/messages', body: message({ routingPlanId: 'a3a4e55d-7a21-45a6-9286-8eb595c872a8' }), status: 500, code: 'CM_ROUTING_PLAN_DUPLICATE_TEMPLATES', pointer: '/data/attributes/routingPlanId' }],
  ['plan 4ead415a: invalid routing config', { path: '/v1/messages', body: message({ routingPlanId: '4ead415a-c033-4b39-9b05-326ac237a3be' }), status: 400, code: 'CM_INVALID_VALUE', pointer: '/data/attributes/routingPlanId' }],
  ['plan 3bb82e6a: internal error', { path: '/v1/messages', body: message({ routingPlanId: '3bb82e6a-9873-4683-b2b9-fdf33c9ba86f' }), status: 500, code: 'CM_INTERNAL_SERVER_ERROR' }],
  ['plan d895ade5: retry too early', { path: '/v1/messages', body: message({ routingPlanId: 'd895ade5-0029-4fc3-9fb5-86e1e5370854' }), status: 425, code: 'CM_RETRY_TOO_EARLY', retryAfter: '300' }],
  ['an unknown plan', { path: '/v1/messages', body: message({ routingPlanId: randomUUID() }), status: 404, code: 'CM_NO_SUCH_ROUTING_PLAN', pointer: '/data/attributes/routingPlanId' }],
  ['an upper-case copy of a known plan id (ids are case-sensitive)', { path: '/v1/messages', body: message({ routingPlanId: PLAN.toUpperCase() }), status: 404, code: 'CM_NO_SUCH_ROUTING_PLAN', pointer: '/data/attributes/routingPlanId' }],
  ['free-text plan …0004 (not in the sandbox)', { path: '/v1/messages', body: message({ routingPlanId: '00000000-0000-0000-0000-000000000004' }), status: 404, code: 'CM_NO_SUCH_ROUTING_PLAN', pointer: '/data/attributes/routingPlanId' }],
  ['an invalid NHS number', { path: '/v1/messages', body: message({ recipient: { nhsNumber: '9990548608' } }), status: 400, code: 'CM_INVALID_NHS_NUMBER', pointer: '/data/attributes/recipient/nhsNumber' }],
  ['a non-string sms', { path: '/v1/messages', body: message({ recipient: { nhsNumber: '9990548609', contactDetails: { sms: 7 } } }), status: 400, code: 'CM_INVALID_VALUE', pointer: '/data/attributes/recipient/contactDetails/sms' }],
  ['Authorization banned', { path: '/v1/messages', headers: { authorization: 'banned' }, body: message(), status: 403, code: 'CM_SERVICE_BAN', header: 'Authorization' }],
  ['Authorization Bearer InvalidMockToken', { path: '/v1/messages', headers: { authorization: 'Bearer InvalidMockToken' }, body: message(), status: 401, code: 'CM_DENIED', header: 'Authorization' }],
  ['Authorization Bearer ClientNotRecognised', { path: '/v1/messages', headers: { authorization: 'Bearer ClientNotRecognised' }, body: message(), status: 403, code: 'CM_FORBIDDEN', header: 'Authorization' }],
  ['Authorization noDefaultOds without an odsCode', { path: '/v1/messages', headers: { authorization: 'noDefaultOds' }, body: message(), status: 400, code: 'CM_ODS_CODE_REQUIRED', pointer: '/data/attributes/messages' }],
  ['Authorization noOdsChange with an odsCode', { path: '/v1/messages', headers: { authorization: 'noOdsChange' }, body: message({ originator: { odsCode: 'X26' } }), status: 400, code: 'CM_CANNOT_SET_ODS_CODE', pointer: '/data/attributes/messages' }],
  ['Authorization notAllowedContactDetailOverride with contact details', { path: '/v1/messages', headers: { authorization: 'notAllowedContactDetailOverride' }, body: message({ recipient: { nhsNumber: '9990548609', contactDetails: { sms: '07700900000' } } }), status: 400, code: 'CM_CANNOT_SET_CONTACT_DETAILS', pointer: '/data/attributes/recipient/contactDetails' }],
  ['Prefer: code=429', { path: '/v1/messages', headers: { prefer: 'code=429' }, body: message(), status: 429, code: 'CM_QUOTA', retryAfter: '5' }],
  ['Prefer: code=425', { path: '/v1/messages', headers: { prefer: 'code=425' }, body: message(), status: 425, code: 'CM_RETRY_TOO_EARLY', retryAfter: '300' }],
  ['Prefer: code=422_message', { path: '/v1/messages', headers: { prefer: 'code=422_message' }, body: message(), status: 422, code: 'CM_DUPLICATE_REQUEST', pointer: '/data/attributes/messageReference' }],
  ['Prefer: code=503', { path: '/v1/messages', headers: { prefer: 'code=503' }, body: message(), status: 503, code: 'CM_SERVICE_UNAVAILABLE' }],
  ['batch plan c8857ccf', { path: '/v1/message-batches', body: batch([{ messageReference: randomUUID(), recipient: { nhsNumber: '9990548609' } }], 'c8857ccf-06ec-483f-9b3a-7fc732d9ad48'), status: 500, code: 'CM_MISSING_ROUTING_PLAN_TEMPLATE', pointer: '/data/attributes/routingPlanId' }],
  ['an empty batch', { path: '/v1/message-batches', body: batch([]), status: 400, code: 'CM_TOO_FEW_ITEMS', pointer: '/data/attributes/messages' }],
  ['GET /v1/messages (a known path, the wrong method)', { method: 'GET', path: '/v1/messages', status: 405, code: 'CM_NOT_ALLOWED' }],
  ['GET //v1/messages (repeated slashes collapsed, as NHS\'s proxy does)', { method: 'GET', path: '//v1/messages', status: 405, code: 'CM_NOT_ALLOWED' }],
  ['GET /v1/message-batches', { method: 'GET', path: '/v1/message-batches', status: 405, code: 'CM_NOT_ALLOWED' }],
  ['POST /v1/messages/{id}', { path: '/v1/messages/2WL3qFTEFM0qMY8xjRbt1LIKCzM', body: message(), status: 405, code: 'CM_NOT_ALLOWED' }],
  ['an unknown path', { method: 'GET', path: '/v1/nothing-here', status: 404, code: 'CM_NOT_FOUND' }],
  ['Accept: text/html', { method: 'GET', path: '/v1/messages/2WL3qFTEFM0qMY8xjRbt1LIKCzM', headers: { accept: 'text/html' }, status: 406, code: 'CM_NOT_ACCEPTABLE', header: 'Accept' }],
  ['Content-Type: text/plain', { path: '/v1/messages', headers: { 'content-type': 'text/plain' }, body: message(), status: 415, code: 'CM_UNSUPPORTED_MEDIA', header: 'Content-Type' }],
  ['GET /_timeout_504', { method: 'GET', path: '/_timeout_504', status: 504, code: 'CM_TIMEOUT' }],
  ['GET /_invalid_certificate', { method: 'GET', path: '/_invalid_certificate', status: 503, code: 'CM_SERVICE_UNAVAILABLE' }],
];

const ACCOUNTS = '/channels/nhsapp/accounts';
const ACCOUNT_ANSWERS: ReadonlyArray<readonly [string, Known & { readonly detail?: string }]> = [
  ['no ODS code', { method: 'GET', path: ACCOUNTS, status: 400, code: 'CM_INVALID_REQUEST', detail: 'Missing ODS Code' }],
  ['an ODS code of the wrong form', { method: 'GET', path: `${ACCOUNTS}?ods-organisation-code=X27`, status: 400, code: 'CM_INVALID_REQUEST', detail: 'Invalid ODS Code' }],
  ['page 0', { method: 'GET', path: `${ACCOUNTS}?ods-organisation-code=X26&page=0`, status: 400, code: 'CM_INVALID_REQUEST', detail: 'page must be a positive non-zero integer' }],
  ['page "page1"', { method: 'GET', path: `${ACCOUNTS}?ods-organisation-code=X26&page=page1`, status: 400, code: 'CM_INVALID_REQUEST', detail: 'page must be a positive non-zero integer' }],
  ['page 2 of a one-page report', { method: 'GET', path: `${ACCOUNTS}?ods-organisation-code=X26&page=2`, status: 404, code: 'CM_NOT_FOUND', detail: 'Report not found' }],
  ['T00404', { method: 'GET', path: `${ACCOUNTS}?ods-organisation-code=T00404`, status: 404, code: 'CM_NOT_FOUND', detail: 'Report not found' }],
  ['T00429', { method: 'GET', path: `${ACCOUNTS}?ods-organisation-code=T00429`, status: 429, code: 'CM_QUOTA', detail: 'This endpoint is currently receiving a high volume of requests and is being rate limited.' }],
  ['T00502', { method: 'GET', path: `${ACCOUNTS}?ods-organisation-code=T00502`, status: 502, code: 'CM_BAD_GATEWAY' }],
  ['T00001 page 9 (past the last)', { method: 'GET', path: `${ACCOUNTS}?ods-organisation-code=T00001&page=9`, status: 404, code: 'CM_NOT_FOUND', detail: 'Report not found' }],
  ['banned', { method: 'GET', path: `${ACCOUNTS}?ods-organisation-code=X26`, headers: { authorization: 'banned' }, status: 403, code: 'CM_SERVICE_BAN', header: 'Authorization' }],
  ['POST', { path: `${ACCOUNTS}?ods-organisation-code=X26`, body: {}, status: 405, code: 'CM_NOT_ALLOWED' }],
];

describe("sandbox: true answers NHS's documented sandbox requests as NHS's sandbox does", () => {
  let sim: RunningSimulator;
  beforeAll(async () => { sim = await startSimulator({ sandbox: true, logger: quietLogger, timings: { stepMs: 3_600_000 } }); });
  afterAll(async () => sim.close());

  const ask = (k: Known): Promise<HttpResult> => call(`${sim.baseUrl}${k.path}`, {
    method: k.method ?? 'POST', headers: { ...(k.body === undefined ? { accept: '*/*' } : JSON_HEADERS), ...k.headers }, body: k.body,
  });

  function expectAnswer(res: HttpResult, k: Known): void {
    expect(res.status).toBe(k.status);
    if (k.code !== undefined) {
      expect(res.body.errors[0]).toMatchObject({ code: k.code, status: String(k.status) });
      expect(res.body.errors[0].source).toEqual(k.pointer !== undefined ? { pointer: k.pointer } : k.header !== undefined ? { header: k.header } : undefined);
    }
    expect(res.headers.get('retry-after') ?? undefined).toBe(k.retryAfter);
  }

  for (const [name, known] of [...SEND, ...ACCOUNT_ANSWERS]) {
    it(`${known.method ?? 'POST'} ${known.path.split('?')[0]}: ${name} → ${known.status}${known.code ? ` ${known.code}` : ''}`, async () => {
      const res = await ask(known);
      expectAnswer(res, known);
      if ('detail' in known && known.detail !== undefined) expect(res.body.errors[0].detail).toBe(known.detail);
    });
  }

  it('is stateless like the sandbox: a repeated reference is accepted again, and a sent message is not found by GET', async () => {
    const body = message();
    const first = await ask({ path: '/v1/messages', body, status: 201 });
    const again = await ask({ path: '/v1/messages', body, status: 201 });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect((await call(`${sim.baseUrl}/v1/messages/${first.body.data.id}`)).status).toBe(404);
  });

  it('accepts the four NHS-spec requests the old client refused (no nhsNumber, non-string personalisation, name without lastName, originator {})', async () => {
    for (const attributes of [
      { recipient: { contactDetails: { email: 'someone@example.nhs.net' } } },
      { personalisation: { count: 3, urgent: true, slot: { day: 'Monday' } } },
      { recipient: { nhsNumber: '9990548609', contactDetails: { name: { firstName: 'A' } } } },
      { originator: {} },
      { dateOfBirth: '1970-01-01', recipient: { nhsNumber: '9990548609', extra: 'ignored' } },
    ]) expect((await ask({ path: '/v1/messages', body: message(attributes), status: 201 })).status).toBe(201);
  });

  it('NHS App accounts: one page of two accounts for a valid code, eight linked pages for T00001, no links.next on the last', async () => {
    const one = await call(`${sim.baseUrl}${ACCOUNTS}?ods-organisation-code=a90001`);
    const url = `${sim.baseUrl}${ACCOUNTS}?ods-organisation-code=A90001&page=1`;
    expect(one.body).toEqual({
      data: { id: 'A90001', type: 'NhsAppAccounts', attributes: { accounts: [{ nhsNumber: '9074662803', notificationsEnabled: true }, { nhsNumber: '9903002157', notificationsEnabled: false }] } },
      links: { self: url, last: url },
    });
    const first = await call(`${sim.baseUrl}${ACCOUNTS}?ods-organisation-code=T00001`);
    expect(first.body.data.attributes.accounts).toHaveLength(10);
    expect(first.body.links).toEqual({
      self: `${sim.baseUrl}${ACCOUNTS}?ods-organisation-code=T00001&page=1`,
      last: `${sim.baseUrl}${ACCOUNTS}?ods-organisation-code=T00001&page=8`,
      next: `${sim.baseUrl}${ACCOUNTS}?ods-organisation-code=T00001&page=2`,
    });
    const last = await call(first.body.links.last as string);
    expect(last.status).toBe(200);
    expect(last.body.links.next).toBeUndefined();
    expect(last.body.data.attributes.accounts[0].nhsNumber).not.toBe(first.body.data.attributes.accounts[0].nhsNumber);
  });

  it.each([
    ['2WL3qFTEFM0qMY8xjRbt1LIKCzM', 'delivered', [['nhsapp', 'primary', 1, 'delivered', undefined]]],
    ['2WL4GEeFVxXG9S57nRlefBwwKxp', 'sending', [['email', 'primary', 1, 'sending', undefined]]],
    ['2WL45YuHOLATvC3GspEu0oSioux', 'failed', [['nhsapp', 'primary', 1, 'failed', 'CFR_PDSV_0004']]],
    ['2WL4QcKGjNHvHFQeKgYbapZJGHK', 'failed', []],
    ['2WL50w41YaZXcyFCNT346LY8rlz', 'failed', [['sms', 'primary', 1, 'failed', 'CFR_PDSV_0002']]],
    ['2WL5eYSWGzCHlGmzNxuqVusPxDg', 'delivered', [['nhsapp', 'primary', 1, 'failed', 'CFR_PDSV_0004'], ['email', 'primary', 2, 'failed', 'CFR_SUPE_0007'], ['sms', 'primary', 3, 'delivered', undefined], ['letter', 'primary', 4, 'created', undefined]]],
    ['2n7C5wdJ9JSOSeCJTyd50GvtZeR', 'delivered', [['nhsapp', 'primary', 1, 'failed', undefined], ['sms', 'secondary', 1, 'delivered', undefined], ['letter', 'primary', 2, 'delivered', undefined]]],
  ])('GET the fixed sandbox message %s: %s', async (id, status, channels) => {
    const res = await call(`${sim.baseUrl}/v1/messages/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ type: 'Message', id, attributes: { messageStatus: status, routingPlan: { id: PLAN } }, links: { self: `${sim.baseUrl}/v1/messages/${id}` } });
    const seen = (res.body.data.attributes.channels ?? []) as Array<Record<string, unknown>>;
    expect(seen.map((c) => [c.type, c.cascadeType, c.cascadeOrder, c.channelStatus, c.channelFailureReasonCode])).toEqual(channels);
  });

  it('the batch and override fixtures carry relationships.messageBatch and routingPlan.type override', async () => {
    expect((await call(`${sim.baseUrl}/v1/messages/2WL5qbEa7TzSWZXU2IAOCCrLXVL`)).body.data.relationships).toEqual({ messageBatch: { data: { type: 'MessageBatch', id: '2WWq0oqcx5pdoNnh8hJuYLonZMy' } } });
    expect((await call(`${sim.baseUrl}/v1/messages/2bBBpsiMl2rnQt99qm6JLZ6w1vq`)).body.data.attributes.channels[0].routingPlan).toEqual({ id: '9ba00d23-cd6f-4aca-8688-00abc85a7980', version: '5', type: 'override' });
    expect((await call(`${sim.baseUrl}/v1/messages/2WL3qFTEFM0qMY8xjRbt1LIKCzN`)).status).toBe(404);
  });

  it('CORS: a preflight is 200 with NHS\'s allow headers; a request with an Origin gets the response headers', async () => {
    const preflight = await call(`${sim.baseUrl}/v1/messages`, { method: 'OPTIONS', headers: { accept: '*/*', origin: 'https://my.website', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(200);
    expect(Object.fromEntries(['access-control-allow-origin', 'access-control-allow-methods', 'access-control-max-age', 'access-control-allow-headers', 'cross-origin-resource-policy'].map((h) => [h, preflight.headers.get(h)]))).toEqual({
      'access-control-allow-origin': 'https://my.website',
      'access-control-allow-methods': 'GET, PUT, POST, PATCH, DELETE',
      'access-control-max-age': '3628800',
      'access-control-allow-headers': 'origin, x-requested-with, accept, content-type, nhsd-session-urid, x-correlation-id, authorization',
      'cross-origin-resource-policy': 'cross-origin',
    });
    const get = await call(`${sim.baseUrl}/v1/messages/2WL3qFTEFM0qMY8xjRbt1LIKCzM`, { headers: { accept: '*/*', origin: 'https://my.website' } });
    expect([get.headers.get('access-control-allow-origin'), get.headers.get('access-control-expose-headers'), get.headers.get('cross-origin-resource-policy')])
      .toEqual(['https://my.website', 'x-correlation-id', 'cross-origin']);
  });

  describe('size gates in NHS\'s order', () => {
    const items = (n: number, nhsNumber: string, personalisation: Record<string, string> = {}) =>
      Array.from({ length: n }, () => ({ messageReference: randomUUID(), recipient: { nhsNumber }, personalisation }));

    it('45,001 messages: 413 CM_TOO_MANY_ITEMS, one error, before any item is validated', async () => {
      const res = await ask({ path: '/v1/message-batches', body: batch(items(45_001, 'x')), status: 413 });
      expect(res.status).toBe(413);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0]).toMatchObject({ code: 'CM_TOO_MANY_ITEMS', source: { pointer: '/data/attributes/messages' } });
    });

    it('40,000 invalid messages: 400 with the first 100 errors (validation comes before the payload gate)', async () => {
      const res = await ask({ path: '/v1/message-batches', body: batch(items(40_000, 'not valid')), status: 400 });
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveLength(100);
      expect(res.body.errors[0]).toMatchObject({ code: 'CM_INVALID_NHS_NUMBER', source: { pointer: '/data/attributes/messages/0/recipient/nhsNumber' } });
    });

    it('a 5.3 MB batch of 40,000 valid messages is accepted; 45,000 valid messages over 6 MiB are 413 CM_TOO_LARGE', async () => {
      // Python's json.dumps spacing, as NHS's sandbox test sends it, and a one-key personalisation: over 5.3 MB.
      const accepted = JSON.stringify(batch(items(40_000, '9990548609', { n: '1' }))).replace(/([,:])/g, '$1 ');
      expect(Buffer.byteLength(accepted)).toBeGreaterThan(5_300_000);
      const ok = await ask({ path: '/v1/message-batches', body: accepted, status: 201 });
      expect(ok.status).toBe(201);
      expect(ok.body.data.attributes.messages).toHaveLength(40_000);
      const big = JSON.stringify(batch(items(45_000, '9990548609', { body: 'x'.repeat(32) }))).replace(/([,:])/g, '$1 ');
      expect(Buffer.byteLength(big)).toBeGreaterThan(6 * 1024 * 1024);
      const refused = await ask({ path: '/v1/message-batches', body: big, status: 413 });
      expect(refused.status).toBe(413);
      expect(refused.body.errors).toEqual([expect.objectContaining({ code: 'CM_TOO_LARGE', source: { pointer: '/' } })]);
    }, 60_000);
  });
});
