import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelope, MessageCreatedResponse, MessageResponse } from '../../../src/contracts/nhs-notify/wire';
import type { RunningSimulator } from '../../../src/simulator';
import { aMessage, call, eventually, getToken, PLAN_IDS, sendMessage, startTestSimulator } from './support';

describe('simulator POST and GET /v1/messages (docs/nhs-notify.md §2, §3, §5)', () => {
  let sim: RunningSimulator;
  let token: string;

  beforeAll(async () => {
    const started = await startTestSimulator();
    sim = started.sim;
    token = await getToken(sim, started.key);
  });
  afterAll(async () => sim.close());

  it('accepts a message: 201, KSUID id, relative Location, echoed correlation id, NHS default headers', async () => {
    const body = aMessage({ routingPlanId: PLAN_IDS['nhsapp-only'] });
    const res = await sendMessage(sim, token, body, { 'x-correlation-id': 'corr-123' });
    expect(res.status).toBe(201);
    const created = MessageCreatedResponse.parse(res.body);
    expect(created.data.attributes).toMatchObject({ messageReference: body.data.attributes.messageReference, messageStatus: 'created', routingPlan: { id: PLAN_IDS['nhsapp-only'], version: 'local-nhsapp-v1', name: 'nhsapp-only' } });
    expect(res.headers.get('location')).toBe(`/v1/messages/${created.data.id}`);
    expect(created.data.links?.self).toBe(`${sim.baseUrl}/v1/messages/${created.data.id}`);
    expect(res.headers.get('x-correlation-id')).toBe('corr-123');
    expect(res.headers.get('content-type')).toContain('application/vnd.api+json');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers application/json only when Accept is exactly that, and puts the request id in X-Correlation-Id otherwise', async () => {
    const res = await sendMessage(sim, token, aMessage(), { accept: 'application/json' });
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('x-correlation-id')).toMatch(/^rrt-/);
  });

  it('GET reflects the live lifecycle until the message is delivered; HEAD answers without a body', async () => {
    const res = await sendMessage(sim, token, aMessage());
    const id = (res.body as MessageCreatedResponse).data.id;
    const delivered = await eventually(async () => {
      const got = await call(`${sim.baseUrl}/v1/messages/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const message = MessageResponse.parse(got.body);
      return message.data.attributes.messageStatus === 'delivered' ? message : undefined;
    });
    expect(delivered.data.attributes.channels?.map((c) => [c.type, c.channelStatus])).toEqual([['nhsapp', 'delivered'], ['email', 'created'], ['sms', 'created'], ['letter', 'created']]);
    expect(delivered.data.attributes.channels?.[0]?.supplierStatus).toBe('read');
    expect(delivered.data.attributes.timestamps).toHaveProperty('enriched');
    const head = await call(`${sim.baseUrl}/v1/messages/${id}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('an unknown message id is 404 CM_NOT_FOUND', async () => {
    // A well-formed KSUID that is neither ours nor one of NHS's fixed sandbox ids.
    const res = await call(`${sim.baseUrl}/v1/messages/2WL3qFTEFM0qMY8xjRbt1LIKCzN`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect(ErrorEnvelope.parse(res.body).errors[0]).toMatchObject({ code: 'CM_NOT_FOUND', detail: 'The resource at the requested URI was not found.' });
  });

  it('checks in NHS order: token, then Accept, then Content-Type, then path and method', async () => {
    const bad = { authorization: 'Bearer nope', accept: 'text/html', 'content-type': 'text/plain' };
    expect((await call(`${sim.baseUrl}/v1/nowhere`, { method: 'POST', headers: bad, body: '{}' })).status).toBe(401);
    const authed = { authorization: `Bearer ${token}` };
    expect((await call(`${sim.baseUrl}/v1/nowhere`, { method: 'POST', headers: { ...authed, accept: 'text/html', 'content-type': 'text/plain' }, body: '{}' })).status).toBe(406);
    expect((await call(`${sim.baseUrl}/v1/nowhere`, { method: 'POST', headers: { ...authed, 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    const missing = await call(`${sim.baseUrl}/v1/nowhere`, { method: 'POST', headers: { ...authed, 'content-type': 'application/json' }, body: '{}' });
    expect(missing.body.errors[0]).toMatchObject({ code: 'CM_NOT_FOUND', status: '404' });
    const wrongMethod = await call(`${sim.baseUrl}/v1/messages`, { headers: authed });
    expect(wrongMethod.body.errors[0]).toMatchObject({ code: 'CM_NOT_ALLOWED', status: '405' });
    const charsetAccept = await call(`${sim.baseUrl}/v1/messages/x`, { headers: { ...authed, accept: 'application/json; charset=utf-9' } });
    expect(charsetAccept.body.errors[0]).toMatchObject({ code: 'CM_NOT_ACCEPTABLE', source: { header: 'Accept' } });
  });

  it('400 validation errors accumulate with pointers and <requestId>.<n> ids', async () => {
    const res = await sendMessage(sim, token, { data: { type: 'Messages', attributes: { routingPlanId: 'nope', messageReference: '  ', recipient: { nhsNumber: '9990000019' } } } });
    expect(res.status).toBe(400);
    const errors = ErrorEnvelope.parse(res.body).errors;
    expect(errors.map((e) => [e.code, e.source?.pointer])).toEqual([
      ['CM_INVALID_VALUE', '/data/type'],
      ['CM_INVALID_VALUE', '/data/attributes/routingPlanId'],
      ['CM_INVALID_VALUE', '/data/attributes/messageReference'],
      ['CM_INVALID_NHS_NUMBER', '/data/attributes/recipient/nhsNumber'],
    ]);
    const requestId = errors[0]!.id.replace(/\.0$/, '');
    expect(errors.map((e) => e.id)).toEqual([0, 1, 2, 3].map((n) => `${requestId}.${n}`));
    expect(errors[3]!.links).toHaveProperty('nhsNumbers');
  });

  it('an unparsable body is 400 CM_INVALID_VALUE at /', async () => {
    const res = await sendMessage(sim, token, '{"data":');
    expect(res.body.errors[0]).toMatchObject({ code: 'CM_INVALID_VALUE', source: { pointer: '/' } });
  });

  it('an unknown routing plan is 404 CM_NO_SUCH_ROUTING_PLAN at routingPlanId', async () => {
    const res = await sendMessage(sim, token, aMessage({ routingPlanId: '00000000-0000-0000-0000-000000000004' }));
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatchObject({ code: 'CM_NO_SUCH_ROUTING_PLAN', source: { pointer: '/data/attributes/routingPlanId' } });
  });

  it('a valid body over the payload limit (6 MiB) is 413 CM_TOO_LARGE; an invalid one is 400 however large; over 10 MB is refused unread', async () => {
    const big = aMessage({ personalisation: { filler: 'x'.repeat(6_400_000) } });
    const res = await sendMessage(sim, token, big);
    expect(res.status).toBe(413);
    expect(res.body.errors[0]).toMatchObject({ code: 'CM_TOO_LARGE', source: { pointer: '/' } });
    const invalid = await sendMessage(sim, token, { ...big, data: { ...big.data, type: 'NotAMessage' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({ code: 'CM_INVALID_VALUE', source: { pointer: '/data/type' } });
    const huge = await sendMessage(sim, token, aMessage({ personalisation: { filler: 'x'.repeat(10_100_000) } }));
    expect(huge.status).toBe(413);
  });

  it('A10: a repeated messageReference is 422 CM_DUPLICATE_REQUEST with no message id, and the ledger holds one', async () => {
    const body = aMessage();
    expect((await sendMessage(sim, token, body)).status).toBe(201);
    const again = await sendMessage(sim, token, body);
    expect(again.status).toBe(422);
    expect(again.body.errors[0]).toMatchObject({ code: 'CM_DUPLICATE_REQUEST', status: '422', source: { pointer: '/data/attributes/messageReference' } });
    expect(again.text).not.toMatch(/"id":"[A-Za-z0-9]{27}"/);
    expect(sim.ledger.countAccepted(body.data.attributes.messageReference)).toBe(1);
  });

  it('R6: a retry while the first request is still in progress is 425 with Retry-After 300, then 422', async () => {
    sim.faults.acceptThenDelay(300, { count: 1, holdInProgress: true });
    const body = aMessage();
    const first = sendMessage(sim, token, body);
    await eventually(() => (sim.ledger.countAccepted(body.data.attributes.messageReference) === 1 ? true : undefined));
    const early = await sendMessage(sim, token, body);
    expect(early.status).toBe(425);
    expect(early.headers.get('retry-after')).toBe('300');
    expect(early.body.errors[0]).toMatchObject({ code: 'CM_RETRY_TOO_EARLY', status: '425' });
    expect((await first).status).toBe(201);
    expect((await sendMessage(sim, token, body)).status).toBe(422);
    expect(sim.ledger.duplicates()).toEqual([]);
  });

  it('keeps the ledger free of NHS numbers and personalisation values', () => {
    const exported = JSON.stringify(sim.ledger.toJSON());
    expect(exported).not.toContain('9990000018');
    expect(exported).not.toContain('15 January 2027');
    expect(exported).toContain('appointmentDate');
  });
});
