import { describe, expect, it } from 'vitest';
import { acceptedFor } from './support/checks';
import { useJourneySuite, waitFor } from './support/journey-suite';
import { aStartRequest, idempotencyOf } from './support/requests';

describe('R9: the workflow id is the idempotency key', () => {
  const s = useJourneySuite();

  it('R9: 50 concurrent identical triggers → 1 execution; a different body → conflict; after completion → the existing journey, no second send', async () => {
    const request = aStartRequest(s.h.catalogue, { recipient: 'deliveredFirstChannel' });
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => s.h.service.start(request, idempotencyOf(request))));
    expect(outcomes.filter((o) => o.kind === 'new')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(49);
    const ids = new Set(outcomes.map((o) => (o.kind === 'conflict' ? 'conflict' : o.journey.journeyId)));
    expect(ids.size).toBe(1);
    const [journeyId] = [...ids] as [string];
    expect(journeyId).toMatch(/^journey-appointment-reminder-[a-z2-7]{32}$/i);

    const sameKeyOtherBody = aStartRequest(s.h.catalogue, {
      recipient: 'deliveredFirstChannel', eventId: request.eventId, eventAt: request.eventAt, personalisation: { clinicName: 'Another Clinic' },
    });
    expect(await s.h.service.start(sameKeyOtherBody, idempotencyOf(sameKeyOtherBody))).toEqual({ kind: 'conflict' });

    expect((await s.resultOf(journeyId)).outcome).toBe('delivered');
    const again = await s.h.service.start(request, idempotencyOf(request));
    expect(again).toMatchObject({ kind: 'duplicate', journey: { journeyId } });
    expect(await s.h.service.start(sameKeyOtherBody, idempotencyOf(sameKeyOtherBody))).toEqual({ kind: 'conflict' });

    const executions = await waitFor(async () => {
      const n = await s.env.client.workflow.count(`WorkflowId = '${journeyId}'`);
      return n.count > 0 ? n.count : undefined;
    }, 10_000, 'visibility');
    expect(executions).toBe(1);
    const details = (await s.h.service.get(journeyId))!;
    expect(acceptedFor(s.h.sim, details)).toHaveLength(1);
  });
});
