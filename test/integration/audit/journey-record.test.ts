import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommunicationsRecord } from '../../../src/audit/communications-record';
import { verifyChains } from '../../../src/audit/store/verify-chain';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { useJourneySuite, waitFor } from '../journeys/support/journey-suite';
import { openTestAuditStore, type TestAuditStore } from '../../support/audit-store';

const principal = { id: 'key-ops-1', role: 'audit:read' };

describe('the communications record of real journeys on the dev server', () => {
  let store: TestAuditStore;
  beforeAll(async () => { store = await openTestAuditStore('postgres'); }, 60_000);
  const s = useJourneySuite({ factSubscribers: [{ name: 'communications-record', record: (batch) => store.recorder.record(batch) }] });
  afterAll(async () => { await store?.close(); });

  it('K5: a journey\'s record survives the deletion of its Temporal history: every fact is found by NHS number and by journey id, and the chain verifies', async () => {
    const journeyId = await s.start({ recipient: 'nhsAppUnread' });
    const result = await s.resultOf(journeyId);
    expect(result.outcome).toBe('delivered');
    const steps = result.view.steps.filter((step) => step.messageReference !== undefined);
    const before = await createCommunicationsRecord(store.db, store.keys).journeyRecord(journeyId, principal);

    const namespace = s.env.client.options.namespace;
    const service = s.env.client.workflowService;
    const ids = [journeyId, ...steps.map((step) => `notify-message-${step.messageReference}`)];
    for (const workflowId of ids) {
      // The view names every step's reference; a step never tried has no workflow to delete.
      await service.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId } }).catch((error: { code?: number }) => {
        if (error.code !== 5) throw error;
      });
    }
    await waitFor(async () => {
      const gone = await Promise.all(ids.map((workflowId) => s.env.client.workflow.getHandle(workflowId).describe().then(() => false, () => true)));
      return gone.every(Boolean) ? true : undefined;
    }, 60_000, 'Temporal to delete the journey');

    const record = createCommunicationsRecord(store.db, store.keys);
    const byId = (await record.journeyRecord(journeyId, principal))!;
    expect(byId.facts).toEqual(before!.facts);
    expect(byId.chainIntact).toBe(true);
    const kinds = byId.facts.map((f) => f.kind);
    expect(kinds[0]).toBe('journey-started');
    expect(kinds.at(-1)).toBe('journey-finished');
    for (const kind of ['send-scheduled', 'message-accepted', 'status-changed', 'channel-status-changed', 'step-finished', 'fallback-decided']) expect(kinds).toContain(kind);
    const accepted = byId.facts.filter((f) => f.kind === 'message-accepted').map((f) => f.detail);
    expect(accepted.map((d) => d.channel)).toEqual(['nhsapp', 'sms']);
    for (const d of accepted) expect(d).toMatchObject({ templateId: expect.any(String), templateVersion: expect.any(String), routingPlanId: expect.any(String), messageId: expect.any(String) });
    expect(byId.facts.find((f) => f.kind === 'fallback-decided')?.detail).toMatchObject({ from: 'nhsapp', to: 'sms' });
    expect(byId.facts.find((f) => f.kind === 'journey-finished')?.detail).toEqual({ outcome: 'delivered' });
    expect(byId.facts.filter((f) => f.kind === 'status-changed' && f.detail.status === 'delivered')).toHaveLength(1);

    const byPatient = await record.lookupPatient({ nhsNumber: TEST_RECIPIENTS.nhsAppUnread.nhsNumber, reason: 'incident review INC-42', principal });
    expect(byPatient.journeys.find((j) => j.journeyId === journeyId)?.facts).toEqual(byId.facts);
    expect((await verifyChains(store.db)).broken).toBeUndefined();
  });

  it('K5: an escalated journey records the skip, the fallback to staff and the staff outcome with the role, never a name', async () => {
    // Deadline 36 s away; a letter needs 120 s: NHS App and SMS fail, the letter is skipped, staff take over.
    const journeyId = await s.start({ recipient: 'smsPermanentFailure', eventInMs: 60_000 });
    const escalation = await waitFor(async () => (await s.h.service.listEscalations({ status: 'open', limit: 50 })).items.find((e) => e.journeyId === journeyId));
    await s.h.service.recordEscalationOutcome(escalation.escalationId, { outcome: 'phoned', staffRole: 'nurse' });
    expect((await s.resultOf(journeyId)).outcome).toBe('handled_by_staff');
    const record = (await createCommunicationsRecord(store.db, store.keys).journeyRecord(journeyId, principal))!;
    const detailOf = (kind: string) => record.facts.filter((f) => f.kind === kind).map((f) => f.detail);
    expect(detailOf('step-skipped')).toContainEqual({ stepId: 'letter', reason: 'letter_cannot_arrive_in_time' });
    expect(detailOf('fallback-decided')).toContainEqual(expect.objectContaining({ from: 'sms', to: 'staff-escalation' }));
    expect(detailOf('escalation-opened')).toEqual([expect.objectContaining({ escalationId: escalation.escalationId })]);
    expect(detailOf('escalation-closed')).toEqual([{ escalationId: escalation.escalationId, outcome: 'phoned', staffRole: 'nurse' }]);
    expect(detailOf('journey-finished')).toEqual([{ outcome: 'handled_by_staff' }]);
    expect(record.chainIntact).toBe(true);
  });
});
