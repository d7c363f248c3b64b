import { describe, expect, it } from 'vitest';
import { messageReference } from '../../../src/domain';
import { testTimings } from './support/journey-harness';
import { useJourneySuite, waitFor } from './support/journey-suite';

describe('staff escalation as a real step', () => {
  // An SLA of 300 ms and continue-as-new after 2 escalations, so breaches and new runs happen in seconds. The
  // waits below are conditions polled every 50 ms; their bounds only say how long a loaded machine may take.
  const s = useJourneySuite({ timings: testTimings({ escalationSlaMs: 300 }), maxEscalationsPerRun: 2 });

  it('R8: an unanswered escalation re-escalates under new ids across continue-as-new; messageReferences stay put, nothing is re-sent', async () => {
    const journeyId = await s.start({ recipient: 'smsPermanentFailure', eventInMs: 60_000 });
    const handle = s.env.client.workflow.getHandle(journeyId);
    const firstRun = (await handle.describe()).runId;
    const details = await waitFor(async () => {
      const d = await s.h.service.get(journeyId);
      return d !== undefined && d.escalations.length >= 5 ? d : undefined;
    }, 120_000, 'five escalations');

    const ids = details.escalations.map((e) => e.escalationId);
    expect(ids.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((n) => `${journeyId}:${n}`));
    expect(details.escalations.slice(0, 4).map((e) => e.outcome)).toEqual(['sla_breached', 'sla_breached', 'sla_breached', 'sla_breached']);
    expect(details.escalations.filter((e) => e.status === 'open')).toHaveLength(1);
    expect(details.escalations[1]?.reason).toBe('sla_breached');
    expect((await handle.describe()).runId).not.toBe(firstRun); // continued as new at least twice

    for (const step of details.steps) {
      expect(step.messageReference).toBe(messageReference(journeyId, step.stepId, step.channel));
    }
    const sent = details.steps.filter((step) => step.sentAt !== undefined).map((step) => step.messageReference);
    expect(sent).toHaveLength(2); // NHS App and SMS, tried once each before the first escalation
    for (const reference of sent) expect(s.h.sim.ledger.byReference(reference)).toHaveLength(1);
    expect(new Set(s.h.worklist.tickets().filter((t) => t.journeyId === journeyId).map((t) => t.escalationId)).size)
      .toBeGreaterThanOrEqual(5);

    await waitFor(async () => (await s.h.service.listEscalations({ status: 'open', limit: 100 })).items
      .find((e) => e.journeyId === journeyId), 60_000, 'visible on the worklist');
    // The worklist is a visibility read, a moment behind; with a 300 ms SLA its ticket may have been superseded,
    // so the outcome is recorded against the escalation open now. On a loaded machine "now" can fall between a
    // breach and the escalation raised after it (none open), or the SLA can pass before the outcome lands (closed):
    // then staff answer the next one, as they would.
    const { open, recorded } = await waitFor(async () => {
      const open = (await s.h.service.get(journeyId, { live: true }))?.escalations.find((e) => e.status === 'open');
      if (open === undefined) return undefined;
      const recorded = await s.h.service.recordEscalationOutcome(open.escalationId, { outcome: 'letter_posted', staffRole: 'medical_secretary' });
      return recorded.kind === 'closed' ? undefined : { open, recorded };
    }, 60_000, 'a staff outcome recorded');
    expect(recorded).toMatchObject({ kind: 'recorded', escalation: { escalationId: open.escalationId, outcome: 'letter_posted', status: 'closed' } });
    const result = await s.resultOf(journeyId);
    expect(result.outcome).toBe('handled_by_staff');
    expect(result.view.escalations.at(-1)).toMatchObject({ outcome: 'letter_posted', closedByRole: 'medical_secretary' });
    expect(await s.h.service.recordEscalationOutcome(open.escalationId, { outcome: 'phoned', staffRole: 'medical_secretary' })).toEqual({ kind: 'closed' });
    expect(await s.h.service.recordEscalationOutcome(`${journeyId}:99`, { outcome: 'phoned', staffRole: 'medical_secretary' })).toEqual({ kind: 'not-found' });
  }, 240_000);
});
