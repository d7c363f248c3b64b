/**
 * Email end to end on the real dev server: test-result-ready version 2 (NHS App → email → SMS → letter) through the
 * simulator, including a bounce, which is a permanent failure: the journey moves on to SMS at once.
 */
import { describe, expect, it } from 'vitest';
import { ROUTING_PLANS } from '../../../src/domain';
import { acceptedFor, expectAuditTrail } from './support/checks';
import { useJourneySuite } from './support/journey-suite';
import type { RequestOptions } from './support/requests';

describe('the email channel through the simulator', () => {
  const s = useJourneySuite();
  // The result is ready now: the window opens at the event and stays open 10 compressed days (240 s).
  const start = (recipient: RequestOptions['recipient']) =>
    s.start({ journeyType: 'test-result-ready', recipient, eventInMs: 0, personalisation: { serviceName: 'Canary Surgery' } });

  async function finish(journeyId: string) {
    const result = await s.resultOf(journeyId);
    const details = (await s.h.service.get(journeyId))!;
    return { result, details, sent: acceptedFor(s.h.sim, details) };
  }

  it('J5: no NHS App account → the email is delivered; the audit trail names the email template and plan', async () => {
    const run = await finish(await start('nhsAppNotRegistered'));
    expect(run.result.outcome).toBe('delivered');
    expect(run.details.steps.map((step) => [step.stepId, step.channel, step.status]))
      .toEqual([['nhsapp', 'nhsapp', 'failed'], ['email', 'email', 'delivered'], ['sms', 'sms', 'pending'], ['letter', 'letter', 'pending']]);
    const email = run.details.steps[1]!;
    expect(email.template).toEqual({ id: 'test-result-ready-email', version: '1' });
    expect(email.routingPlan.id).toBe(ROUTING_PLANS['email-only'].localId);
    expect(expectAuditTrail(s.h.sim, run.details)).toBe(2);
  });

  it('J5: an email that bounces is a permanent failure: the journey falls back to SMS and sends the email once', async () => {
    const run = await finish(await start('emailBounce'));
    expect(run.result.outcome).toBe('delivered');
    expect(run.details.steps.map((step) => [step.stepId, step.status]))
      .toEqual([['nhsapp', 'failed'], ['email', 'failed'], ['sms', 'delivered'], ['letter', 'pending']]);
    const email = run.details.steps[1]!;
    // The bounce arrives as the email channel's supplier status, so the step failed on NHS Notify's word, not a timeout.
    expect(email.history).toContainEqual(expect.objectContaining({ source: 'email', status: 'failed', supplierStatus: 'permanent_failure' }));
    const emails = run.sent.filter((entry) => entry.routingPlanId === ROUTING_PLANS['email-only'].localId);
    expect(emails).toHaveLength(1);
    expect(expectAuditTrail(s.h.sim, run.details)).toBe(3);
  });
});
