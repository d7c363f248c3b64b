import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStartRequest, CANARY_NHS_NUMBER } from './support/journey-validators';
import { startJourneyGateway, type JourneyGateway } from './support/journey-gateway';
import { expectErrorEnvelope, send } from './support/http';

interface BatchReply { results: { index: number; status: number; journey?: { journeyId: string }; error?: { code: string; reason?: string } }[] }

describe('journey batch and escalations', () => {
  let gw: JourneyGateway;
  beforeAll(async () => { gw = await startJourneyGateway({ maxBatchItems: 10 }); });
  afterAll(async () => { await gw.close(); });

  const batch = (items: unknown, key = gw.keys.writer) =>
    send(`${gw.url}/v1/journeys/batch`, { body: JSON.stringify({ items }), headers: gw.auth(key) });

  it('each item gets the status the single endpoint would give: 201, 200, 400, 422', async () => {
    const first = aStartRequest();
    const reply = await batch([first, { ...first }, { ...aStartRequest(), patient: { nhsNumber: '123' } }, { ...first, personalisation: { clinicName: 'Other' } }]);
    expect(reply.status).toBe(200);
    const { results } = reply.json as BatchReply;
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    // Items 0 and 1 race: exactly one is new, the other a duplicate of the same journey.
    expect(results.slice(0, 2).map((r) => r.status).sort()).toEqual([200, 201]);
    expect(results[0]?.journey?.journeyId).toBe(results[1]?.journey?.journeyId);
    expect([results[2]?.status, results[2]?.error?.code]).toEqual([400, 'INVALID_REQUEST']);
    expect([results[3]?.status, results[3]?.error?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(reply.text).not.toContain(CANARY_NHS_NUMBER);
  });

  it('an outage marks items 503 instead of failing the request; a bad envelope is a 400', async () => {
    gw.port.down = true;
    const reply = await batch([aStartRequest(), aStartRequest()]);
    gw.port.down = false;
    expect((reply.json as BatchReply).results.map((r) => [r.status, r.error?.code])).toEqual([[503, 'SERVICE_UNAVAILABLE'], [503, 'SERVICE_UNAVAILABLE']]);
    for (const items of [[], Array.from({ length: 11 }, () => aStartRequest()), 'nope']) {
      expectErrorEnvelope(await batch(items), 'INVALID_REQUEST');
    }
    expectErrorEnvelope(await batch([aStartRequest()], gw.keys.reader), 'INSUFFICIENT_SCOPE');
    expectErrorEnvelope(await send(`${gw.url}/v1/journeys/batch`, { headers: gw.auth(gw.keys.reader) }), 'METHOD_NOT_ALLOWED');
  });

  it('escalations: list open ones, record an outcome once (409 after), 404 for unknown, scope enforced', async () => {
    const id = gw.port.raiseEscalation();
    const list = await send(`${gw.url}/v1/escalations?status=open`, { headers: gw.auth(gw.keys.escalations) });
    expect((list.json as { items: { escalationId: string }[] }).items.map((e) => e.escalationId)).toContain(id);
    const record = (escalationId: string, body: unknown, key = gw.keys.escalations) =>
      send(`${gw.url}/v1/escalations/${escalationId}/outcome`, { body: JSON.stringify(body), headers: gw.auth(key) });
    expectErrorEnvelope(await record(id, { outcome: 'phoned the patient at home', staffRole: 'nurse' }), 'INVALID_REQUEST');
    const recorded = await record(id, { outcome: 'phoned', staffRole: 'nurse' });
    expect([recorded.status, (recorded.json as { escalation: { status: string } }).escalation.status]).toEqual([200, 'closed']);
    expectErrorEnvelope(await record(id, { outcome: 'phoned', staffRole: 'nurse' }), 'ESCALATION_CLOSED');
    expectErrorEnvelope(await record('esc-unknown', { outcome: 'phoned', staffRole: 'nurse' }), 'ESCALATION_NOT_FOUND');
    expectErrorEnvelope(await record(id, { outcome: 'phoned', staffRole: 'nurse' }, `${gw.keys.all.slice(0, -1)}${gw.keys.all.endsWith('A') ? 'B' : 'A'}`), 'UNAUTHENTICATED');
    expectErrorEnvelope(await send(`${gw.url}/v1/escalations`, { headers: gw.auth(gw.keys.writer) }), 'INSUFFICIENT_SCOPE');
    expectErrorEnvelope(await send(`${gw.url}/v1/escalations?status=maybe`, { headers: gw.auth(gw.keys.escalations) }), 'INVALID_REQUEST');
  });
});
