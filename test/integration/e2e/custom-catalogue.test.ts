/**
 * A trust's own catalogue: CATALOGUE_DIR points the assembled stack (as `npm start` builds it) at a fixture with a
 * journey type the project does not ship, vaccination-invitation, email first. A clinical system starts it over
 * HTTP; the workflow sends the email through the signed-JWT client to the simulator; the callbacks complete it.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTING_PLANS } from '../../../src/domain';
import { TEST_RECIPIENTS, type TestRecipientName } from '../../../src/simulator';
import { startTestStack, type TestStack } from '../../support/stack';

interface JourneyBody { journey: { journeyId: string; type: string; status: string; steps?: { stepId: string; channel: string; status: string; template: { id: string } }[] } }

const FIXTURE = join(__dirname, '../../fixtures/catalogue/vaccination');

describe('CATALOGUE_DIR: a custom journey type end to end over HTTP', () => {
  let test: TestStack;
  beforeAll(async () => { test = await startTestStack('catalogue', { env: { CATALOGUE_DIR: FIXTURE } }); });
  afterAll(async () => { await test?.close(); });

  const startBody = (recipient: TestRecipientName, personalisation: Record<string, string>) => JSON.stringify({
    journeyType: 'vaccination-invitation', eventId: `vacc-${randomUUID()}`,
    // The invitation date is now: the window opens at once and stays open 21 compressed days (504 s).
    eventTime: new Date().toISOString(),
    patient: { nhsNumber: TEST_RECIPIENTS[recipient].nhsNumber }, personalisation,
  });

  async function settled(journeyId: string): Promise<JourneyBody['journey']> {
    let latest: JourneyBody['journey'] | undefined;
    for (let i = 0; i < 150 && !['delivered', 'failed', 'escalated'].includes(latest?.status ?? ''); i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      latest = ((await (await test.api(`/v1/journeys/${journeyId}`)).json()) as JourneyBody).journey;
    }
    if (latest === undefined) throw new Error('journey never answered');
    return latest;
  }

  it('J6: starts a vaccination invitation over HTTP; the email goes first and is delivered', async () => {
    const start = await test.api('/v1/journeys', { method: 'POST', body: startBody('deliveredFirstChannel', { vaccineName: 'flu' }) });
    expect(start.status).toBe(201);
    const { journey } = (await start.json()) as JourneyBody;
    const done = await settled(journey.journeyId);
    expect(done.status).toBe('delivered');
    expect(done.steps?.map((step) => [step.stepId, step.channel, step.status])).toEqual([['email', 'email', 'delivered'], ['sms', 'sms', 'pending'], ['letter', 'letter', 'pending']]);
    expect(done.steps?.[0]?.template.id).toBe('vaccination-invitation-email');
    const ledger = (await (await fetch(`${test.stack.urls.simulator}/_admin/ledger`)).json()) as { entries?: { routingPlanId: string }[] };
    expect((ledger.entries ?? []).map((entry) => entry.routingPlanId)).toContain(ROUTING_PLANS['email-only'].localId);
  });

  it('J5: a bounced email falls back to SMS', async () => {
    const start = await test.api('/v1/journeys', { method: 'POST', body: startBody('emailBounce', { vaccineName: 'flu' }) });
    const { journey } = (await start.json()) as JourneyBody;
    const done = await settled(journey.journeyId);
    expect(done.steps?.map((step) => [step.stepId, step.status])).toEqual([['email', 'failed'], ['sms', 'delivered'], ['letter', 'pending']]);
  });

  it('J4: a start whose SMS would pass the journey\'s 3-part cap is refused with a field-level 400, and nothing is sent', async () => {
    const before = ((await (await fetch(`${test.stack.urls.simulator}/_admin/ledger`)).json()) as { entries?: unknown[] }).entries?.length;
    const refused = await test.api('/v1/journeys', { method: 'POST', body: startBody('deliveredFirstChannel', { vaccineName: 'ffliw ŵ', bookingUrl: `https://example.nhs.uk/${'b'.repeat(170)}` }) });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { reason: string; details: { pointer: string; problem: string }[] } };
    expect(body.error.reason).toBe('INVALID_PERSONALISATION');
    expect(body.error.details).toEqual([{ pointer: '/personalisation/vaccineName', problem: "makes the sms message 6 SMS parts (Unicode text), over this journey's cap of 3" }]);
    expect(JSON.stringify(body)).not.toContain('ffliw');
    const after = ((await (await fetch(`${test.stack.urls.simulator}/_admin/ledger`)).json()) as { entries?: unknown[] }).entries?.length;
    expect(after).toBe(before);
  });

  it('the built-in journeys are not in this catalogue: an unknown type is a 400 naming journeyType', async () => {
    const refused = await test.api('/v1/journeys', { method: 'POST', body: startBody('deliveredFirstChannel', { vaccineName: 'flu' }).replace('vaccination-invitation', 'appointment-reminder') });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('journeyType');
  });
});
