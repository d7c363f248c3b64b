/**
 * A step on a combined routing plan (NHS App → email → SMS → letter inside NHS Notify): one message, NHS Notify
 * cascades, and the journey reads the channel outcomes from the callbacks. Uses a fixture catalogue (CATALOGUE_DIR).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTING_PLANS } from '../../../src/domain';
import { acceptedFor } from './support/checks';
import { useJourneySuite } from './support/journey-suite';

describe('a combined routing plan with email in its cascade', () => {
  const s = useJourneySuite({ catalogueDir: join(__dirname, '../../fixtures/catalogue/combined-plan') });

  it('J5: no NHS App account → NHS Notify delivers by email within one message; the journey records the email channel', async () => {
    const journeyId = await s.start({ journeyType: 'result-ready-cascade', recipient: 'nhsAppNotRegistered', eventInMs: 0, personalisation: { serviceName: 'Canary Surgery' } });
    const result = await s.resultOf(journeyId);
    expect(result.outcome).toBe('delivered');
    const details = (await s.h.service.get(journeyId))!;
    expect(details.steps.map((step) => [step.stepId, step.status])).toEqual([['cascade', 'delivered']]);
    expect(details.steps[0]!.routingPlan.id).toBe(ROUTING_PLANS['nhsapp-email-sms-letter'].localId);
    expect(details.steps[0]!.history).toContainEqual(expect.objectContaining({ source: 'nhsapp', status: 'failed' }));
    expect(details.steps[0]!.history).toContainEqual(expect.objectContaining({ source: 'email', status: 'delivered' }));
    expect(acceptedFor(s.h.sim, details)).toHaveLength(1);
  });

  it('J5: the email bounces → NHS Notify falls back to SMS inside the same message', async () => {
    const journeyId = await s.start({ journeyType: 'result-ready-cascade', recipient: 'emailBounce', eventInMs: 0, personalisation: { serviceName: 'Canary Surgery' } });
    expect((await s.resultOf(journeyId)).outcome).toBe('delivered');
    const details = (await s.h.service.get(journeyId))!;
    expect(details.steps[0]!.history).toContainEqual(expect.objectContaining({ source: 'email', status: 'failed' }));
    expect(details.steps[0]!.history).toContainEqual(expect.objectContaining({ source: 'sms', status: 'delivered' }));
    expect(acceptedFor(s.h.sim, details)).toHaveLength(1);
  });
});
