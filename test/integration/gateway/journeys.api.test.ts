import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStartRequest, CANARY_NHS_NUMBER } from './support/journey-validators';
import { startJourneyGateway, type JourneyGateway } from './support/journey-gateway';
import { expectErrorEnvelope, send, type Reply } from './support/http';

interface JourneyReply { journey: { journeyId: string; status: string; timeline?: unknown[] } }

describe('journey API', () => {
  let gw: JourneyGateway;
  beforeAll(async () => { gw = await startJourneyGateway(); });
  afterAll(async () => { await gw.close(); });

  const start = (body: unknown, key = gw.keys.writer): Promise<Reply> =>
    send(`${gw.url}/v1/journeys`, { body: JSON.stringify(body), headers: gw.auth(key) });

  it('401 without or with a wrong key (WWW-Authenticate), 403 without the scope; the port is never called', async () => {
    const calls = gw.port.calls.length;
    const body = JSON.stringify(aStartRequest());
    const none = await send(`${gw.url}/v1/journeys`, { body, headers: { 'content-type': 'application/json' } });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expectErrorEnvelope(none, 'UNAUTHENTICATED');
    const forged = `${gw.keys.writer.slice(0, -4)}AAAA`;
    for (const header of [`Bearer ${forged}`, `Basic ${gw.keys.writer}`, gw.keys.writer, 'Bearer ']) {
      expect((await send(`${gw.url}/v1/journeys`, { body, headers: { 'content-type': 'application/json', authorization: header } })).status).toBe(401);
    }
    const wrongScope = await start(aStartRequest(), gw.keys.reader);
    expect(wrongScope.status).toBe(403);
    expectErrorEnvelope(wrongScope, 'INSUFFICIENT_SCOPE');
    expect(gw.port.calls.length).toBe(calls);
  });

  it('400 lists field problems by pointer and never echoes the NHS number; unknown types carry a reason', async () => {
    const bad = await start({ ...aStartRequest(), patient: { nhsNumber: '9434765918' }, extra: CANARY_NHS_NUMBER });
    expect(bad.status).toBe(400);
    const { error } = expectErrorEnvelope(bad, 'INVALID_REQUEST');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/patient/nhsNumber' })]));
    expect(bad.text).not.toContain('9434765918');
    expect(bad.text).not.toContain(CANARY_NHS_NUMBER);
    const unknown = await start(aStartRequest({ journeyType: 'made-up' }));
    expect(unknown.status).toBe(400);
    expect((unknown.json as { error: { reason: string } }).error.reason).toBe('UNKNOWN_JOURNEY_TYPE');
  });

  it('R9: (gateway half) 201 new with Location; the same body (any key order) 200 with the same journey; a different body 422', async () => {
    const request = aStartRequest();
    const created = await start(request);
    expect(created.status).toBe(201);
    const { journey } = created.json as JourneyReply;
    expect(created.headers.location).toBe(`/v1/journeys/${journey.journeyId}`);
    const reordered = { personalisation: request.personalisation, patient: request.patient, eventTime: request.eventTime, eventId: request.eventId, journeyType: request.journeyType };
    const again = await start(reordered);
    expect(again.status).toBe(200);
    expect((again.json as JourneyReply).journey.journeyId).toBe(journey.journeyId);
    const changed = await start({ ...request, personalisation: { clinicName: 'Another Clinic' } });
    expect(changed.status).toBe(422);
    expectErrorEnvelope(changed, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('R9: (gateway half) 50 concurrent identical starts make one journey and 50 2xx answers naming it', async () => {
    const request = aStartRequest();
    const replies = await Promise.all(Array.from({ length: 50 }, () => start(request)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(49);
    expect(new Set(replies.map((r) => (r.json as JourneyReply).journey.journeyId)).size).toBe(1);
  });

  it('415, 413 and malformed JSON are refused before validation', async () => {
    const headers = gw.auth(gw.keys.writer);
    expect((await send(`${gw.url}/v1/journeys`, { body: 'x', headers: { ...headers, 'content-type': 'text/plain' } })).status).toBe(415);
    const huge = JSON.stringify(aStartRequest({ personalisation: { note: 'x'.repeat(70_000) } }));
    expectErrorEnvelope(await send(`${gw.url}/v1/journeys`, { body: huge, headers }), 'PAYLOAD_TOO_LARGE');
    expectErrorEnvelope(await send(`${gw.url}/v1/journeys`, { body: `{"patient": "${CANARY_NHS_NUMBER}`, headers }), 'MALFORMED_JSON');
  });

  it('GET one journey with its timeline; unknown and malformed ids are 404; list passes filters through', async () => {
    const { journey } = (await start(aStartRequest({ journeyType: 'test-result-ready', personalisation: { serviceName: 'Canary Surgery' } }))).json as JourneyReply;
    const got = await send(`${gw.url}/v1/journeys/${journey.journeyId}`, { headers: gw.auth(gw.keys.reader) });
    expect(got.status).toBe(200);
    expect((got.json as JourneyReply).journey.timeline).toHaveLength(1);
    for (const id of ['journey-nope', '%E2%80%A8', 'a'.repeat(200)]) {
      expectErrorEnvelope(await send(`${gw.url}/v1/journeys/${id}`, { headers: gw.auth(gw.keys.reader) }), 'JOURNEY_NOT_FOUND');
    }
    const listed = await send(`${gw.url}/v1/journeys?type=test-result-ready&limit=5`, { headers: gw.auth(gw.keys.reader) });
    expect(listed.status).toBe(200);
    expect((listed.json as { items: { type: string }[] }).items.every((j) => j.type === 'test-result-ready')).toBe(true);
    expect(gw.port.calls.at(-1)).toEqual({ method: 'list', args: [{ type: 'test-result-ready', limit: 5 }] });
    for (const query of ['limit=0', 'type=UPPER', 'status=a&status=b', 'sort=name']) {
      expectErrorEnvelope(await send(`${gw.url}/v1/journeys?${query}`, { headers: gw.auth(gw.keys.reader) }), 'INVALID_REQUEST');
    }
  });

  it('PATCH changes a journey; 400 invalid, 404 unknown, 409 closed, 422 rejected with a reason', async () => {
    const { journey } = (await start(aStartRequest())).json as JourneyReply;
    const patch = (id: string, body: unknown) => send(`${gw.url}/v1/journeys/${id}`, { method: 'PATCH', body: JSON.stringify(body), headers: gw.auth(gw.keys.writer) });
    expect((await patch(journey.journeyId, { eventTime: '2030-01-02T09:30:00+00:00' })).status).toBe(200);
    expectErrorEnvelope(await patch(journey.journeyId, { eventTime: 'tomorrow' }), 'INVALID_REQUEST');
    expectErrorEnvelope(await patch('journey-nope', { eventTime: '2030-01-02T09:30:00Z' }), 'JOURNEY_NOT_FOUND');
    gw.port.changeOverride = { kind: 'rejected', reason: 'STEP_ALREADY_SENT' };
    const rejected = await patch(journey.journeyId, { eventTime: '2030-01-02T09:30:00Z' });
    gw.port.changeOverride = { kind: 'invalid', reason: 'INVALID_CHANGE_REQUEST', problems: [{ path: 'personalisation.site', message: 'is required' }] };
    const invalid = await patch(journey.journeyId, { eventTime: '2030-01-02T09:30:00Z' });
    gw.port.changeOverride = { kind: 'closed' };
    const closed = await patch(journey.journeyId, { eventTime: '2030-01-02T09:30:00Z' });
    gw.port.changeOverride = undefined;
    expect((expectErrorEnvelope(rejected, 'CHANGE_REJECTED').error as { reason?: string }).reason).toBe('STEP_ALREADY_SENT');
    expect(expectErrorEnvelope(invalid, 'INVALID_REQUEST').error.details).toEqual([{ pointer: '/personalisation/site', problem: 'is required' }]);
    expectErrorEnvelope(closed, 'JOURNEY_CLOSED');
  });

  it('cancel is idempotent; unknown journeys are 404; an outage is 503 with Retry-After', async () => {
    const { journey } = (await start(aStartRequest())).json as JourneyReply;
    const cancel = (id: string) => send(`${gw.url}/v1/journeys/${id}/cancel`, { body: JSON.stringify({ reason: 'patient_request' }), headers: gw.auth(gw.keys.writer) });
    expect((await cancel(journey.journeyId)).status).toBe(200);
    const twice = await cancel(journey.journeyId);
    expect([twice.status, (twice.json as JourneyReply).journey.status]).toEqual([200, 'cancelled']);
    expectErrorEnvelope(await cancel('journey-nope'), 'JOURNEY_NOT_FOUND');
    gw.port.down = true;
    const down = await start(aStartRequest());
    gw.port.down = false;
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('11');
    expectErrorEnvelope(down, 'SERVICE_UNAVAILABLE');
  });

  it('P6: 405 with Allow on known paths; nothing about the patient reaches the logs', async () => {
    const reply = await send(`${gw.url}/v1/journeys/some-id`, { method: 'DELETE', headers: gw.auth(gw.keys.writer) });
    expect(reply.headers.allow).toBe('GET, PATCH, HEAD');
    expectErrorEnvelope(reply, 'METHOD_NOT_ALLOWED');
    expect(gw.log.raw()).not.toContain(CANARY_NHS_NUMBER);
    expect(gw.log.raw()).not.toContain(gw.keys.writer);
  });
});
