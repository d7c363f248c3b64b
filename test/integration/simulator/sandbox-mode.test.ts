import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { aMessage, call, getToken, quietLogger, sendMessage, startTestSimulator } from './support';

const SANDBOX_PLAN = 'b838b13c-f98c-4def-93f0-515d4e4f4ee1';

describe('simulator sandbox behaviour (docs/nhs-notify.md §13)', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ openAccess: true, logger: quietLogger });
  });
  afterAll(async () => sim.close());

  it('open access: no token needed, sandbox plan ids accepted, GET works', async () => {
    const res = await sendMessage(sim, undefined, aMessage({ routingPlanId: SANDBOX_PLAN, nhsNumber: '9990548609' }));
    expect(res.status).toBe(201);
    expect(res.body.data.attributes.routingPlan).toMatchObject({ id: SANDBOX_PLAN, version: '1' });
    expect((await call(`${sim.baseUrl}/v1/messages/${res.body.data.id}`)).status).toBe(200);
  });

  it.each([
    ['401', 401, 'CM_DENIED', undefined], ['403', 403, 'CM_FORBIDDEN', undefined], ['403.1', 403, 'CM_SERVICE_BAN', undefined],
    ['408', 408, 'CM_TIMEOUT', undefined], ['425', 425, 'CM_RETRY_TOO_EARLY', '300'], ['422_message', 422, 'CM_DUPLICATE_REQUEST', undefined],
    ['422_batch', 422, 'CM_DUPLICATE_REQUEST', undefined], ['429', 429, 'CM_QUOTA', '5'], ['500', 500, 'CM_INTERNAL_SERVER_ERROR', undefined],
    ['503', 503, 'CM_SERVICE_UNAVAILABLE', undefined], ['504', 504, 'CM_TIMEOUT', undefined],
  ])('Prefer: code=%s gives %i %s', async (code, status, errorCode, retryAfter) => {
    const res = await sendMessage(sim, undefined, aMessage(), { prefer: `code=${code}` });
    expect(res.status).toBe(status);
    expect(res.body.errors[0]).toMatchObject({ code: errorCode, status: String(status) });
    expect(res.headers.get('retry-after') ?? undefined).toBe(retryAfter);
  });

  it('422_batch points at messageBatchReference, 422_message at messageReference', async () => {
    const batch = await sendMessage(sim, undefined, aMessage(), { prefer: 'code=422_batch' });
    expect(batch.body.errors[0]).toMatchObject({ title: 'Duplicate batch request', source: { pointer: '/data/attributes/messageBatchReference' } });
  });

  it.each([
    ['c8857ccf-06ec-483f-9b3a-7fc732d9ad48', 500, 'CM_MISSING_ROUTING_PLAN_TEMPLATE'],
    ['a3a4e55d-7a21-45a6-9286-8eb595c872a8', 500, 'CM_ROUTING_PLAN_DUPLICATE_TEMPLATES'],
    ['4ead415a-c033-4b39-9b05-326ac237a3be', 400, 'CM_INVALID_VALUE'],
    ['3bb82e6a-9873-4683-b2b9-fdf33c9ba86f', 500, 'CM_INTERNAL_SERVER_ERROR'],
    ['d895ade5-0029-4fc3-9fb5-86e1e5370854', 425, 'CM_RETRY_TOO_EARLY'],
  ])('trigger routing plan %s gives %i %s', async (plan, status, code) => {
    const res = await sendMessage(sim, undefined, aMessage({ routingPlanId: plan }));
    expect(res.status).toBe(status);
    expect(res.body.errors[0].code).toBe(code);
  });

  it('duplicate templates carry meta.duplicateTemplates', async () => {
    const res = await sendMessage(sim, undefined, aMessage({ routingPlanId: 'a3a4e55d-7a21-45a6-9286-8eb595c872a8' }));
    expect(res.body.errors[0].meta.duplicateTemplates[0]).toMatchObject({ type: 'EMAIL' });
  });

  it.each([
    ['Bearer InvalidMockToken', 401, 'CM_DENIED'], ['Bearer ClientNotRecognised', 403, 'CM_FORBIDDEN'], ['banned', 403, 'CM_SERVICE_BAN'],
  ])('Authorization %s gives %i %s', async (authorization, status, code) => {
    const res = await sendMessage(sim, undefined, aMessage(), { authorization });
    expect(res.status).toBe(status);
    expect(res.body.errors[0]).toMatchObject({ code, source: { header: 'Authorization' } });
  });

  it('client restriction values: ODS and contact-detail rules', async () => {
    expect((await sendMessage(sim, undefined, aMessage(), { authorization: 'noDefaultOds' })).body.errors[0].code).toBe('CM_ODS_CODE_REQUIRED');
    const withOds = aMessage() as { data: { attributes: Record<string, unknown> } };
    withOds.data.attributes.originator = { odsCode: 'X26' };
    expect((await sendMessage(sim, undefined, withOds, { authorization: 'noOdsChange' })).body.errors[0].code).toBe('CM_CANNOT_SET_ODS_CODE');
    const withContact = aMessage() as { data: { attributes: { recipient: Record<string, unknown> } } };
    withContact.data.attributes.recipient.contactDetails = { sms: '07700900000' };
    const res = await sendMessage(sim, undefined, withContact, { authorization: 'notAllowedContactDetailOverride' });
    expect(res.body.errors[0]).toMatchObject({ code: 'CM_CANNOT_SET_CONTACT_DETAILS', detail: 'Client is not allowed to provide alternative contact details.' });
  });

  it('_ping answers without auth; the timeout paths give 504', async () => {
    expect((await call(`${sim.baseUrl}/_ping`)).body).toHaveProperty('version');
    expect((await call(`${sim.baseUrl}/_timeout_504`)).status).toBe(504);
    expect((await call(`${sim.baseUrl}/_timeout?sleep=20`)).status).toBe(200);
  });
});

describe('simulator quota', () => {
  it('a real per-application quota answers 429 CM_QUOTA with Retry-After 60 and NHS wording', async () => {
    const { sim, key } = await startTestSimulator({ quotaPerMinute: 3 });
    try {
      const token = await getToken(sim, key);
      for (let i = 0; i < 3; i += 1) expect((await sendMessage(sim, token, aMessage())).status).toBe(201);
      const limited = await sendMessage(sim, token, aMessage());
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(limited.body.errors[0].detail).toMatch(/has exceeded its quota of 3 requests every 1 minute\(s\)/);
    } finally {
      await sim.close();
    }
  });
});
