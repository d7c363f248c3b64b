/**
 * The assembled stack, as `npm start` builds it, on the test run's real Temporal server: a clinical system
 * starts a journey over HTTP with an API key; the journey sends through the signed-JWT NHS Notify client to
 * the simulator; the simulator's signed callbacks come back through the gateway; the journey completes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { startTestStack, type TestStack } from '../../support/stack';

interface JourneyBody { journey: { journeyId: string; status: string; steps?: Array<Record<string, unknown>> } }

describe('the embedded default, end to end over HTTP', () => {
  let test: TestStack;
  beforeAll(async () => {
    test = await startTestStack('e2e');
  });
  afterAll(async () => {
    await test?.close();
  });
  const api = (path: string, init?: RequestInit) => test.api(path, init);
  const urls = () => test.stack.urls;

  it('starts a journey over HTTP and sees it delivered from the simulator\'s signed callbacks', async () => {
    const start = await api('/v1/journeys', { method: 'POST', body: JSON.stringify({
      journeyType: 'appointment-reminder', eventId: `appt-${randomUUID()}`,
      // Durations are scaled 1/3600 (a day is 24 s), so an appointment a minute away is inside the send window.
      eventTime: new Date(Date.now() + 60_000).toISOString(),
      patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber },
      personalisation: { clinicName: 'Canary Clinic' },
    }) });
    expect(start.status).toBe(201);
    const { journey } = (await start.json()) as JourneyBody;

    let latest: JourneyBody['journey'] | undefined;
    for (let i = 0; i < 100 && latest?.status !== 'delivered'; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      latest = ((await (await api(`/v1/journeys/${journey.journeyId}`)).json()) as JourneyBody).journey;
    }
    expect(latest?.status).toBe('delivered');
    // C4 over the real edge: which channel, which wording (template version) and which routing plan.
    expect(latest?.steps?.[0]).toMatchObject({ channel: 'nhsapp', status: 'delivered', template: { version: '1' }, routingPlan: { version: 'local-nhsapp-v1' } });
    // Times are ISO 8601 for the people and systems reading the API.
    expect(latest?.steps?.[0]?.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const ledger = (await (await fetch(`${urls().simulator}/_admin/ledger`)).json()) as { entries?: unknown[] } | unknown[];
    const entries = Array.isArray(ledger) ? ledger : (ledger.entries ?? []);
    expect(entries).toHaveLength(1);
  });

  it('answers an unsigned callback 401, an anonymous start 401, and serves /openapi.json', async () => {
    const unsigned = await fetch(`${urls().api}/v1/callbacks/nhs-notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"data":[]}' });
    const anonymous = await fetch(`${urls().api}/v1/journeys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const spec = await fetch(`${urls().api}/openapi.json`);
    expect([unsigned.status, anonymous.status, spec.status]).toEqual([401, 401, 200]);
    expect(((await spec.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty('/v1/journeys');
  });
});
