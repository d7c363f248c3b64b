import { describe, expect, it } from 'vitest';
import { useJourneySuite, waitFor } from './support/journey-suite';

describe('R11: with no workflow cache every workflow task replays the whole history, and nothing changes', () => {
  const s = useJourneySuite({ maxCachedWorkflows: 0 });

  it('R11: delivery, fallbacks, cancel and escalation end exactly as with a cache', async () => {
    const [first, unread, toLetter, escalated, cancelled] = await Promise.all([
      s.start({ recipient: 'deliveredFirstChannel' }), s.start({ recipient: 'nhsAppUnread' }), s.start({ recipient: 'smsPermanentFailure' }),
      s.start({ recipient: 'patientNotFound' }), s.start({ recipient: 'deliveredFirstChannel', eventInMs: 300_000 }),
    ]);
    expect(await s.h.service.cancel(cancelled, { reason: 'clinical_decision' })).toMatchObject({ kind: 'cancelled' });
    const open = await waitFor(async () => (await s.h.service.get(escalated))?.escalations.find((e) => e.status === 'open'), 60_000, 'escalation');
    await s.h.service.recordEscalationOutcome(open.escalationId, { outcome: 'phoned', staffRole: 'nurse' });

    const results = await Promise.all([first, unread, toLetter, escalated, cancelled].map((id) => s.resultOf(id)));
    expect(results.map((r) => [r.outcome, r.view.steps.map((step) => step.status).join(',')])).toEqual([
      ['delivered', 'delivered,pending,pending'],
      ['delivered', 'failed,delivered,pending'],
      ['delivered', 'failed,failed,delivered'],
      ['handled_by_staff', 'failed,pending,pending'],
      ['cancelled', 'pending,pending,pending'],
    ]);
    expect(s.h.sim.ledger.duplicates()).toEqual([]);
  });
});
