import { describe, expect, it } from 'vitest';
import { messageReference } from '../../../src/domain';
import { builtInCatalogue } from '../../../src/catalogue/built-in';
import { journeyFacts } from '../../../workflows/journey/journey-facts';
import type { JourneyState } from '../../../workflows/journey/journey-state';
import { toJourneyPlan, type JourneyInput } from '../../../workflows';

const plan = toJourneyPlan(builtInCatalogue()['appointment-reminder']);
const journeyId = 'journey-appointment-reminder-abcdefghijklmnopqrstuvwxyz234567';
const ref = messageReference(journeyId, 'nhsapp', 'nhsapp');
const input: JourneyInput = {
  plan, eventAt: 900_000_000, requestFingerprint: 'f', odsCode: 'A12345',
  recipient: { nhsNumber: '9990548609', contactDetails: { email: 'canary.zzyzx@example.nhs.uk' } },
  personalisation: { provided: { clinicName: 'Canary Clinic Zzyzx' }, values: { clinicName: 'Canary Clinic Zzyzx' } },
};

/** NHS App failed, no time for SMS or a letter: staff phoned the patient. */
const escalated: JourneyState = {
  status: 'escalated', outcome: 'handled_by_staff', createdAt: 1_000, updatedAt: 9_000, eventAt: 900_000_000, personalisation: input.personalisation,
  steps: [{
    stepId: 'nhsapp', channel: 'nhsapp', messageReference: ref, template: { id: 'appointment-reminder-nhsapp', version: '1' },
    routingPlan: { name: 'nhsapp-only', id: 'plan-1', version: 'v3' }, startedAt: 2_000, scheduledAt: 2_000, accepted: 'now', acceptedAt: new Date(3_000).toISOString(),
    messageId: 'msg-1', outcome: 'failed', failureCode: 'CFR_SUPE_0001', finishedAt: 4_000,
    message: {
      messageReference: ref, messageId: 'msg-1', status: 'failed', failureCode: 'CFR_SUPE_0001', reachedAt: { created: 3_000, failed: 3_500 },
      channels: { nhsapp: { channel: 'nhsapp', status: 'failed', reachedAt: { failed: 3_400 }, failureCode: 'CFR_SUPE_0001' } }, seenIdempotencyKeys: ['a', 'a2', 'b'],
    },
  }],
  escalations: [{ escalationId: `${journeyId}:1`, reason: 'no_step_can_arrive_in_time', raisedAt: 5_000, dueAt: 8_000, status: 'closed', outcome: 'phoned', closedByRole: 'nurse', closedAt: 7_000 }],
  skipped: [{ stepId: 'sms', reason: 'quiet_hours_until_deadline', at: 4_500 }],
  log: [
    { at: 1_000, kind: 'journey-started' }, { at: 2_000, kind: 'send-scheduled', stepId: 'nhsapp' },
    { at: 4_000, kind: 'step-finished', stepId: 'nhsapp', stepOutcome: 'failed', failureCode: 'CFR_SUPE_0001' },
    { at: 9_000, kind: 'journey-finished', outcome: 'handled_by_staff' },
  ],
  phase: 'escalating',
};

describe('the journey facts (what the communications record is told)', () => {
  const facts = journeyFacts(input, escalated);

  it('K1: every fact of an escalated journey, in time order, each under its own natural key', () => {
    expect(facts.map((f) => [f.at, f.kind])).toEqual([
      [1_000, 'journey-started'], [2_000, 'send-scheduled'], [3_000, 'message-accepted'], [3_000, 'status-changed'],
      [3_400, 'channel-status-changed'], [3_500, 'status-changed'], [4_000, 'step-finished'], [4_500, 'step-skipped'],
      [5_000, 'fallback-decided'], [5_000, 'escalation-opened'], [7_000, 'escalation-closed'], [9_000, 'journey-finished'],
    ]);
    expect(new Set(facts.map((f) => f.key)).size).toBe(facts.length);
    expect(facts.find((f) => f.kind === 'fallback-decided')?.detail).toEqual({ from: 'nhsapp', to: 'staff-escalation', reasonCode: 'CFR_SUPE_0001', escalationReason: 'no_step_can_arrive_in_time' });
    expect(facts.find((f) => f.kind === 'escalation-closed')?.detail).toEqual({ escalationId: `${journeyId}:1`, outcome: 'phoned', staffRole: 'nurse' });
    expect(facts.find((f) => f.kind === 'message-accepted')?.detail).toMatchObject({ templateId: 'appointment-reminder-nhsapp', templateVersion: '1', routingPlanId: 'plan-1', routingPlanVersion: 'v3', messageId: 'msg-1' });
    expect(facts[0]?.detail).toMatchObject({ journeyType: 'appointment-reminder', personalisationFields: ['clinicName'], requestingOrganisation: 'A12345' });
  });

  it('K1: deriving again gives the same facts; a repeated callback (another idempotency key, the same status) adds none', () => {
    expect(journeyFacts(input, escalated)).toEqual(facts);
    const again = { ...escalated, steps: escalated.steps.map((s) => ({ ...s, message: { ...s.message!, seenIdempotencyKeys: [...s.message!.seenIdempotencyKeys, 'c'] } })) };
    expect(journeyFacts(input, again).map((f) => f.key)).toEqual(facts.map((f) => f.key));
  });

  it('K11: no fact holds the NHS number, a contact detail or a personalisation value', () => {
    const text = JSON.stringify(facts);
    for (const value of ['9990548609', 'canary.zzyzx@example.nhs.uk', 'Canary Clinic Zzyzx']) expect(text).not.toContain(value);
  });
});
