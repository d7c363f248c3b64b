import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { parseStartJourneyRequest, requestFingerprint } from '../../../src/domain';
import { TEST_RECIPIENTS, type TestRecipientName } from '../../../src/simulator';
import type { CohortItem, CohortView } from '../../../src/contracts/ports';
import type { cohortWorkflow, journeyWorkflow } from '../../../workflows';
import { useJourneySuite, waitFor } from '../journeys/support/journey-suite';

/**
 * Cohorts through NHS Notify's message batches on the real dev server and simulator: the first step of every
 * patient in batch requests, each patient followed up on their own only when they need it.
 */
describe('cohorts: first steps in message batches, follow-up per patient', () => {
  // The simulator's application is not approved to set contact details: a message that does is refused (400).
  const s = useJourneySuite({
    cohorts: { followUpSpreadMs: 5_000 }, notifyRestriction: 'notAllowedContactDetailOverride',
    // NHS Notify's usual subscription: message-level final statuses only.
    callbackSubscription: { messageStatuses: ['delivered', 'failed'], channelStatuses: false },
  });

  function anItem(recipient: TestRecipientName, options: { sms?: string } = {}): CohortItem {
    const raw = {
      journeyType: 'appointment-reminder', eventId: `appt-${randomUUID()}`, eventTime: new Date(Date.now() + 200_000).toISOString(),
      patient: { nhsNumber: TEST_RECIPIENTS[recipient].nhsNumber, ...(options.sms === undefined ? {} : { contactDetails: { sms: options.sms } }) },
      personalisation: { clinicName: 'Canary Clinic' },
    };
    const parsed = parseStartJourneyRequest(raw, s.h.catalogue);
    if (!parsed.ok) throw new Error(`test item invalid: ${JSON.stringify(parsed.problems)}`);
    return { raw, valid: parsed.value, fingerprint: requestFingerprint(raw) };
  }

  async function startCohort(reference: string, items: readonly CohortItem[]): Promise<{ kind: string; cohort: CohortView }> {
    const outcome = await s.h.cohorts!.start({ reference, patients: items }, requestFingerprint(items.map((item) => item.raw)));
    if (outcome.kind === 'conflict') throw new Error('unexpected conflict');
    return outcome;
  }
  const journeyIdOf = (item: CohortItem) => s.h.cohorts!.heldByCohort(item.valid).then((held) => held!.journeyId);
  const cohortResult = (cohortId: string) => s.env.client.workflow.getHandle<typeof cohortWorkflow>(cohortId).result();
  const journeyResult = (journeyId: string) => s.env.client.workflow.getHandle<typeof journeyWorkflow>(journeyId).result();
  async function exists(workflowId: string): Promise<boolean> {
    try {
      await s.env.client.workflow.getHandle(workflowId).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }
  const batchedEntries = () => s.h.sim.ledger.entries().filter((e) => e.batchId !== undefined);

  it('200 patients: one accepted batch, refusals and a failed callback followed up per patient, delivered ones with no workflow, no duplicates', async () => {
    const delivered = Array.from({ length: 195 }, () => anItem('deliveredFirstChannel'));
    const unread = Array.from({ length: 2 }, () => anItem('nhsAppUnread'));
    const refused = Array.from({ length: 3 }, () => anItem('deliveredFirstChannel', { sms: '07700900001' }));
    const items = [...delivered.slice(0, 100), ...refused, ...unread, ...delivered.slice(100)];
    const cohortKey = `flu-clinic-${randomUUID()}`;
    const before = batchedEntries().length;

    const { kind, cohort: started } = await startCohort(cohortKey, items);
    expect(kind).toBe('new');
    expect(started.counts).toMatchObject({ patients: 200, startedSingly: 0, repeatedRows: 0 });
    expect(started.cohortId).toMatch(/^cohort-[a-z2-7]{32}$/);

    // Each refusal names one message (NHS Notify stops at the first client-configuration problem): three
    // refusals, then the 197 others accepted in one batch.
    const progress = await waitFor(() => s.env.client.workflow.getHandle(started.cohortId).query('cohortProgress')
      .then((p) => (p as { phase: string }).phase === 'sending' ? undefined : p as { accepted: number; refused: number; requests: number }), 30_000, 'batches sent');
    expect(progress).toMatchObject({ accepted: 197, refused: 3, requests: 4 });
    const sent = batchedEntries().slice(before);
    expect(sent).toHaveLength(197);
    expect(new Set(sent.map((e) => e.batchId)).size).toBe(1);

    // A refused patient's journey started with the batch's failure code and falls back on its own.
    const refusedId = await journeyIdOf(refused[0]!);
    const refusedJourney = await waitFor(async () => {
      const details = await s.h.service.get(refusedId);
      return details !== undefined && details.steps.length > 0 && details.steps[0]!.status !== 'pending' ? details : undefined;
    }, 90_000, 'refused patient followed up');
    expect(refusedJourney.steps[0]).toMatchObject({ stepId: 'nhsapp', status: 'failed', failureCode: 'CM_CANNOT_SET_CONTACT_DETAILS' });

    // A failed callback (NHS App unread) starts that patient's journey, which falls back to SMS.
    const unreadId = await journeyIdOf(unread[0]!);
    const unreadJourney = await waitFor(() => exists(unreadId).then((e) => e || undefined), 120_000, 'failed callback followed up');
    expect(unreadJourney).toBe(true);
    expect((await journeyResult(unreadId)).outcome).toBe('delivered');
    const unreadView = (await s.h.service.get(unreadId))!;
    expect(unreadView.steps.map((step) => [step.stepId, step.status])).toEqual([['nhsapp', 'failed'], ['sms', 'delivered'], ['letter', 'pending']]);

    // The cohort finishes after its callback timeout: nothing was left without a final status.
    const result = await cohortResult(started.cohortId);
    expect(result).toMatchObject({ phase: 'finished', accepted: 197, refused: 3, timedOut: 0 });
    const summary = (await s.h.cohorts!.summary(started.cohortId))!;
    expect(summary.byStatus).toMatchObject({ delivered: 195, followed_up: 5, accepted: 0, not_sent: 0 });

    // Delivered patients have no workflow of their own.
    const deliveredIds = await Promise.all(delivered.map(journeyIdOf));
    expect((await Promise.all(deliveredIds.map(exists))).filter(Boolean)).toHaveLength(0);

    // The same cohort again, and a single start of a patient the cohort sent to: duplicates, nothing sent.
    const countBefore = s.h.sim.ledger.entries().length;
    expect((await startCohort(cohortKey, items)).kind).toBe('duplicate');
    expect((await s.h.cohorts!.start({ reference: cohortKey, patients: items.slice(1) }, 'another request')).kind).toBe('conflict');
    const single = await s.h.service.start(delivered[0]!.valid, { requestHash: delivered[0]!.fingerprint });
    expect(single.kind).toBe('duplicate');
    expect(s.h.sim.ledger.entries().length).toBe(countBefore);
    expect(s.h.sim.ledger.duplicates()).toEqual([]);
  }, 300_000);

  it('a message whose callbacks never come is asked after (GET) when the cohort\'s callback timeout passes: delivered, so nobody is followed up', async () => {
    const items = Array.from({ length: 3 }, () => anItem('deliveredFirstChannel'));
    const drop = s.h.sim.faults.add({ kind: 'dropCallbacks' });
    const { cohort: started } = await startCohort(`stalled-${randomUUID()}`, items);
    await waitFor(async () => {
      const summary = await s.h.cohorts!.summary(started.cohortId);
      return summary?.byStatus.accepted === 3 ? summary : undefined;
    }, 90_000, 'batch accepted');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the dropped callbacks have been attempted
    s.h.sim.faults.remove(drop.id);

    const result = await cohortResult(started.cohortId);
    expect(result).toMatchObject({ accepted: 3, timedOut: 0 });
    expect((await s.h.cohorts!.get(started.cohortId))!.counts).toMatchObject({ accepted: 3, delivered: 3, followingUp: 0, awaitingStatus: 0 });
    const ids = await Promise.all(items.map(journeyIdOf));
    expect((await Promise.all(ids.map(exists))).filter(Boolean)).toHaveLength(0);
    expect(s.h.sim.ledger.duplicates()).toEqual([]);
  }, 300_000);
});
