import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deliveryState, deliveryWorkflowId } from '../../../workflows';
import { useJourneySuite, waitFor } from './support/journey-suite';
import { messageStatusItem, postCallback } from './support/signed-callbacks';

/**
 * A bound on waiting for what will happen (a send, a recorded status), not a speed requirement: on a loaded
 * 2-core machine one workflow task can take 10 to 25 s.
 */
const SETTLE_MS = 60_000;

describe('R14: out-of-order and duplicate callbacks through the real gateway and Temporal', () => {
  const s = useJourneySuite();

  it('R14: duplicates and a stale or conflicting status after delivery never regress the journey; each key applies once', async () => {
    const drop = s.h.sim.faults.dropCallbacks(); // this test plays NHS Notify's callbacks itself
    try {
      const journeyId = await s.start({ recipient: 'deliveredFirstChannel' });
      const sent = await waitFor(async () => {
        const step = (await s.h.service.get(journeyId))?.steps[0];
        return step?.sentAt === undefined || step.messageReference === undefined ? undefined : { reference: step.messageReference, sentAt: Date.parse(step.sentAt) };
      }, SETTLE_MS, 'message sent');
      const reference = sent.reference;
      const [entry] = s.h.sim.ledger.byReference(reference);
      const m = { messageId: entry!.messageId, messageReference: reference, routingPlan: { id: entry!.routingPlanId, version: entry!.routingPlanVersion } };
      // The journey's "created" entry is when the worker had NHS Notify's 201, which on a loaded machine can be
      // seconds after the simulator accepted: the statuses below happen after that entry, as they would in life.
      const t0 = sent.sentAt;
      const post = (items: Parameters<typeof postCallback>[2]) => postCallback(s.h.callbackUrl, s.h.application, items);
      const sendingKey = randomUUID();
      const deliveredKey = randomUUID();
      // Out of order and repeated: a later stage first, then an earlier one, then duplicates of each key.
      expect(await post([messageStatusItem(m, 'sending', t0 + 200, sendingKey)])).toBe(202);
      expect(await post([messageStatusItem(m, 'pending_enrichment', t0 + 100)])).toBe(202);
      expect(await post([messageStatusItem(m, 'sending', t0 + 200, sendingKey)])).toBe(202);
      const live = await waitFor(async () => {
        const view = await s.env.client.workflow.getHandle(deliveryWorkflowId(reference)).query(deliveryState);
        return view.state.reachedAt.pending_enrichment !== undefined ? view : undefined;
      }, SETTLE_MS, 'stale status recorded');
      expect(live.state.status).toBe('sending'); // the older status was recorded in history but did not move it back
      // The timeline lists statuses by when NHS Notify says they happened, not by when the callbacks arrived. The
      // journey's live answer reads the in-flight child; on a loaded machine that read can miss, so poll for it.
      const history = await waitFor(async () => {
        const entries = (await s.h.service.get(journeyId, { live: true }))?.steps[0]?.history ?? [];
        return entries.length === 3 ? entries : undefined;
      }, SETTLE_MS, 'live step history');
      expect(history.map((h) => h.status)).toEqual(['created', 'pending_enrichment', 'sending']);
      expect(history.slice(1).map((h) => Date.parse(String(h.at)))).toEqual([t0 + 100, t0 + 200]);

      expect(await post([messageStatusItem(m, 'delivered', t0 + 300, deliveredKey), messageStatusItem(m, 'delivered', t0 + 300, deliveredKey)])).toBe(202);
      const result = await s.resultOf(journeyId);
      expect(result.outcome).toBe('delivered');
      const step = result.view.steps[0]!;
      expect(step.status).toBe('delivered');
      expect(step.messageId).toBe(entry!.messageId);
      expect(step.history.map((h) => h.status)).toEqual(['created', 'pending_enrichment', 'sending', 'delivered']);

      // A late, conflicting terminal status: the delivery workflow has closed (202, closed-journey) and nothing moves.
      expect(await post([messageStatusItem(m, 'failed', t0 + 400)])).toBe(202);
      const child = await s.env.client.workflow.getHandle(deliveryWorkflowId(reference)).query(deliveryState);
      expect(child.state.status).toBe('delivered');
      expect(child.state.seenIdempotencyKeys.filter((k) => k === deliveredKey || k === sendingKey)).toHaveLength(2);
      expect((await s.h.service.get(journeyId))?.status).toBe('delivered');
    } finally {
      s.h.sim.faults.remove(drop.id);
    }
  }, 4 * SETTLE_MS);

  it('R14: the simulator duplicating and reordering real callbacks changes nothing in the outcome', async () => {
    const duplicate = s.h.sim.faults.duplicateCallbacks({ copies: 3 });
    const reorder = s.h.sim.faults.reorderCallbacks(40, { rate: 0.5 });
    try {
      const ids = await Promise.all(['deliveredFirstChannel', 'nhsAppUnread', 'deliveredFirstChannel', 'nhsAppUnread'].map((recipient) =>
        s.start({ recipient: recipient as 'deliveredFirstChannel' | 'nhsAppUnread' })));
      const results = await Promise.all(ids.map((id) => s.resultOf(id)));
      expect(results.map((r) => r.outcome)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
      expect(results.map((r) => r.view.steps.map((step) => step.status))).toEqual([
        ['delivered', 'pending', 'pending'], ['failed', 'delivered', 'pending'], ['delivered', 'pending', 'pending'], ['failed', 'delivered', 'pending'],
      ]);
      expect(s.h.sim.counters.faultsInjected).toBeGreaterThan(0); // the duplicates and reorderings really happened
    } finally {
      s.h.sim.faults.remove(duplicate.id);
      s.h.sim.faults.remove(reorder.id);
    }
  });
});
