import { describe, expect, it } from 'vitest';
import { acceptedFor, expectAuditTrail } from './support/checks';
import { useJourneySuite, waitFor } from './support/journey-suite';
import type { RequestOptions } from './support/requests';

describe('journeys on the real dev server: delivery paths through the simulator', () => {
  const s = useJourneySuite();
  const start = (options: RequestOptions) => s.start(options);
  const resultOf = (journeyId: string) => s.resultOf(journeyId);

  async function finish(journeyId: string) {
    const result = await resultOf(journeyId);
    const details = (await s.h.service.get(journeyId))!;
    return { result, details, sent: acceptedFor(s.h.sim, details) };
  }

  it('C4: delivered first time, NHS App unread → SMS, SMS failed → letter; every sent message is in the audit trail', async () => {
    const [first, unread, toLetter] = await Promise.all([
      start({ recipient: 'deliveredFirstChannel' }), start({ recipient: 'nhsAppUnread' }), start({ recipient: 'smsPermanentFailure' }),
    ]);
    const a = await finish(first);
    expect(a.result.outcome).toBe('delivered');
    expect(a.sent.map((e) => e.routingPlanId)).toHaveLength(1);
    expect(a.details.steps.map((s) => s.status)).toEqual(['delivered', 'pending', 'pending']);

    const b = await finish(unread);
    expect(b.result.outcome).toBe('delivered');
    expect(b.details.steps.map((s) => [s.stepId, s.status])).toEqual([['nhsapp', 'failed'], ['sms', 'delivered'], ['letter', 'pending']]);

    const c = await finish(toLetter);
    expect(c.result.outcome).toBe('delivered');
    expect(c.details.steps.map((s) => s.status)).toEqual(['failed', 'failed', 'delivered']);
    expect(c.sent).toHaveLength(3);

    const audited = [a, b, c].reduce((n, run) => n + expectAuditTrail(s.h.sim, run.details), 0);
    expect(audited).toBe(1 + 2 + 3);
  });

  it('too late for a letter → staff escalation; the worklist shows it; a staff outcome closes the journey', async () => {
    // Deadline 36 s away (compressed 24 h before an appointment 60 s away); a letter needs 120 s to arrive.
    const journeyId = await start({ recipient: 'smsPermanentFailure', eventInMs: 60_000 });
    const escalated = await waitFor(async () => {
      const page = await s.h.service.listEscalations({ status: 'open', limit: 50 });
      return page.items.find((e) => e.journeyId === journeyId);
    });
    expect(escalated.reason).toBe('no_step_can_arrive_in_time');
    expect(escalated.escalationId).toBe(`${journeyId}:1`);
    expect(s.h.worklist.tickets().map((t) => t.escalationId)).toContain(escalated.escalationId);

    const details = (await s.h.service.get(journeyId))!;
    expect(details.steps.find((s) => s.stepId === 'letter')?.skipReason).toBe('letter_cannot_arrive_in_time');

    const recorded = await s.h.service.recordEscalationOutcome(escalated.escalationId, { outcome: 'phoned', staffRole: 'nurse' });
    expect(recorded).toMatchObject({ kind: 'recorded', escalation: { status: 'closed', outcome: 'phoned' } });
    const result = await resultOf(journeyId);
    expect(result.outcome).toBe('handled_by_staff');
    expect(s.h.worklist.closures().map((c) => c.escalationId)).toContain(escalated.escalationId);
    expect(acceptedFor(s.h.sim, details)).toHaveLength(2); // NHS App and SMS were tried, no letter
  });

  it('a patient NHS Notify cannot contact at all (PDS: not found) goes straight to staff, no other channel tried', async () => {
    const journeyId = await start({ recipient: 'patientNotFound' });
    const details = await waitFor(async () => {
      const d = await s.h.service.get(journeyId);
      return d?.escalations.length === 1 ? d : undefined;
    });
    expect(details.escalations[0]?.reason).toBe('patient_not_contactable');
    expect(details.steps.map((s) => s.status)).toEqual(['failed', 'pending', 'pending']);
    expect(details.steps[0]?.failureCode).toBe('MFR_PDSV_0006');
    await s.h.service.recordEscalationOutcome(details.escalations[0]!.escalationId, { outcome: 'unreachable', staffRole: 'booking_clerk' });
    expect((await resultOf(journeyId)).outcome).toBe('unreachable');
  });
});
