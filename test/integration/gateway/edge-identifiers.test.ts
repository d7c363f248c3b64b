/**
 * Every identifier that enters at the edge is shape-checked before a port (Temporal) is called, and is logged
 * only once it has passed: messageReference (UUID), NHS Notify message id (KSUID), journey and escalation ids
 * (their own formats). One absurd but signed callback must not become a huge signal or a huge log line.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCallbackBody, aKsuid, aMessageStatusItem, signedHeaders } from './support/callbacks';
import { startCallbackGateway, type CallbackGateway } from './support/callback-gateway';
import { aJourneyId } from './support/fake-journey-port';
import { expectErrorEnvelope, send } from './support/http';
import { startJourneyGateway, type JourneyGateway } from './support/journey-gateway';

describe('callback identifiers', () => {
  let gw: CallbackGateway;
  beforeAll(async () => { gw = await startCallbackGateway(); });
  afterAll(async () => { await gw.close(); });

  const post = (item: Record<string, unknown>) => {
    const body = aCallbackBody(item);
    return send(gw.callbackUrl, { body, headers: signedHeaders(body, gw.secret) });
  };

  it('S9: a signed callback with a 200,000-character messageReference is a 400; the sink is never called and nothing of it is logged', async () => {
    const marker = `CANARYREF${randomUUID()}`;
    const before = gw.sink.calls;
    const reply = await post(aMessageStatusItem({ messageReference: marker + 'r'.repeat(200_000 - marker.length) }));
    expect(reply.status).toBe(400);
    expectErrorEnvelope(reply, 'INVALID_REQUEST');
    expect(reply.text).not.toContain(marker);
    expect(gw.sink.calls).toBe(before);
    expect(gw.log.raw()).not.toContain(marker);
  });

  it('S12: a signed callback whose messageReference is not a UUID is ours to ignore: 202, no sink call, value not logged', async () => {
    for (const reference of [`CANARYREF-${randomUUID()}`, randomUUID().toUpperCase().replace(/^./, 'Z'), `${randomUUID()}\n`]) {
      const before = gw.sink.calls;
      const reply = await post(aMessageStatusItem({ messageReference: reference }));
      expect(reply.status, JSON.stringify(reference)).toBe(202);
      expect(gw.sink.calls).toBe(before);
      expect(gw.log.raw()).not.toContain(reference.trim());
    }
    expect(await gw.counter('gateway_callback_events_total', { outcome: 'unknown_journey' })).toBeGreaterThanOrEqual(3);
  });

  it('S12: a well-formed reference still reaches the sink (the check refuses only what is not ours)', async () => {
    const reference = gw.sink.openJourney();
    expect((await post(aMessageStatusItem({ messageReference: reference }))).status).toBe(202);
    expect(gw.sink.delivered.some((e) => e.messageReference === reference)).toBe(true);
  });

  it('S10: a messageId that is not a KSUID is a 400 before the sink', async () => {
    const item = aMessageStatusItem({ messageReference: gw.sink.openJourney() });
    const before = gw.sink.calls;
    (item.attributes as Record<string, unknown>).messageId = `${aKsuid()}x`;
    expect((await post(item)).status).toBe(400);
    expect(gw.sink.calls).toBe(before);
  });
});

describe('route parameters', () => {
  let gw: JourneyGateway;
  beforeAll(async () => { gw = await startJourneyGateway(); });
  afterAll(async () => { await gw.close(); });

  it('P6: journey and escalation ids outside their formats are 404 without calling the port, and are not logged', async () => {
    const marker = `CANARYID${randomUUID().replace(/-/g, '')}`;
    const bad = [marker, `journey-appointment-reminder-${marker}`, `${aJourneyId('x')}0`, `${aJourneyId('appointment-reminder')}:1`, 'a'.repeat(8_000)];
    const before = gw.port.calls.length;
    for (const id of bad) {
      const path = encodeURIComponent(id);
      expectErrorEnvelope(await send(`${gw.url}/v1/journeys/${path}`, { headers: gw.auth(gw.keys.reader) }), 'JOURNEY_NOT_FOUND');
      expectErrorEnvelope(await send(`${gw.url}/v1/journeys/${path}/cancel`, { body: JSON.stringify({ reason: 'patient_request' }), headers: gw.auth(gw.keys.writer) }), 'JOURNEY_NOT_FOUND');
      expectErrorEnvelope(await send(`${gw.url}/v1/journeys/${path}`, { method: 'PATCH', body: JSON.stringify({ eventTime: '2030-01-02T09:30:00Z' }), headers: gw.auth(gw.keys.writer) }), 'JOURNEY_NOT_FOUND');
    }
    for (const id of [marker, aJourneyId('appointment-reminder'), `${aJourneyId('appointment-reminder')}:01`, `${aJourneyId('appointment-reminder')}:x`]) {
      expectErrorEnvelope(await send(`${gw.url}/v1/escalations/${encodeURIComponent(id)}/outcome`, { body: JSON.stringify({ outcome: 'phoned', staffRole: 'nurse' }), headers: gw.auth(gw.keys.escalations) }), 'ESCALATION_NOT_FOUND');
    }
    expect(gw.port.calls.length).toBe(before);
    expect(gw.log.raw()).not.toContain(marker);
  });

  it('P6: well-formed ids do reach the port', async () => {
    const id = aJourneyId('appointment-reminder');
    expectErrorEnvelope(await send(`${gw.url}/v1/journeys/${id}`, { headers: gw.auth(gw.keys.reader) }), 'JOURNEY_NOT_FOUND');
    expect(gw.port.calls.at(-1)).toEqual({ method: 'get', args: [id] });
    const escalation = gw.port.raiseEscalation();
    const recorded = await send(`${gw.url}/v1/escalations/${encodeURIComponent(escalation)}/outcome`, { body: JSON.stringify({ outcome: 'phoned', staffRole: 'nurse' }), headers: gw.auth(gw.keys.escalations) });
    expect(recorded.status).toBe(200);
  });
});
