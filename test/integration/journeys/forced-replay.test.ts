import { describe, expect, it } from 'vitest';
import { useJourneySuite, waitFor } from './support/journey-suite';

/**
 * A one-workflow cache: with a dozen journeys and deliveries in flight almost every workflow task is a cache miss
 * and replays the whole history. Not zero: the journey hands its facts to a local activity, and a zero cache makes
 * Core evict a run while its local activity is in flight, stranding the result until the task times out (a known
 * SDK issue); the smallest cache keeps a run with a local activity in flight. Production never runs a zero cache
 * (WORKER_MAX_CACHED_WORKFLOWS must be positive).
 */
describe('R11: with a one-workflow cache nearly every workflow task replays the whole history, and nothing changes', () => {
  const s = useJourneySuite({ maxCachedWorkflows: 1 });

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
