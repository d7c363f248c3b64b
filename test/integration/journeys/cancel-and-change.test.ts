import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { messageReference } from '../../../src/domain';
import { changeAppointment } from '../../../workflows';
import { useJourneySuite, waitFor } from './support/journey-suite';

/** The compressed reminder window opens 240 s before the appointment: an appointment 240 s + d away sends in d ms. */
const NOT_BEFORE_MS = 240_000;
const C2_ROUNDS = Number(process.env.C2_ROUNDS ?? 50);

describe('journey changes and cancellation', () => {
  const s = useJourneySuite();
  const sentFor = (journeyId: string): number => ['nhsapp', 'sms', 'letter']
    .reduce((n, step) => n + s.h.sim.ledger.countAccepted(messageReference(journeyId, step, step as 'nhsapp')), 0);

  it(`C2: cancel racing the send timer (${C2_ROUNDS}×): once the cancel is acknowledged, no new send`, async () => {
    const rounds = await Promise.all(Array.from({ length: C2_ROUNDS }, async (_, i) => {
      const sendInMs = 400 + (i % 10) * 40;
      const journeyId = await s.start({ recipient: 'nhsAppUnread', eventInMs: NOT_BEFORE_MS + sendInMs });
      await new Promise((r) => setTimeout(r, sendInMs - 400 + (i % 9) * 110)); // well before, at and after the timer fires
      const outcome = await s.h.service.cancel(journeyId, { reason: 'patient_request' });
      return { journeyId, outcome: outcome.kind, sentAtAck: sentFor(journeyId) };
    }));
    await new Promise((r) => setTimeout(r, 1_500)); // any send that could still happen would have by now
    for (const round of rounds) {
      expect(sentFor(round.journeyId), round.journeyId).toBe(round.sentAtAck);
      const details = (await s.h.service.get(round.journeyId))!;
      if (round.outcome === 'cancelled') {
        expect(details.status).toBe('cancelled');
        // At most the one send already in flight, and the audit trail records it.
        expect(round.sentAtAck).toBeLessThanOrEqual(1);
        expect(details.steps.filter((step) => step.sentAt !== undefined)).toHaveLength(round.sentAtAck);
      }
    }
    // Cancels well before the timer always win; how the close calls split depends on the machine's load.
    expect(rounds.some((r) => r.outcome === 'cancelled' && r.sentAtAck === 0)).toBe(true);
    const split = { cancelledBeforeSend: 0, cancelledAfterSend: 0, alreadyDelivered: 0 };
    for (const r of rounds) {
      if (r.outcome !== 'cancelled') split.alreadyDelivered += 1;
      else if (r.sentAtAck === 0) split.cancelledBeforeSend += 1;
      else split.cancelledAfterSend += 1;
    }
    console.info(`C2 race outcomes over ${C2_ROUNDS} rounds: ${JSON.stringify(split)}`);
  });

  it('cancelling twice answers cancelled again; the reason decides whether a cancellation notice journey starts', async () => {
    const noticeFor = await s.start({ recipient: 'deliveredFirstChannel', eventInMs: NOT_BEFORE_MS + 60_000 });
    const quiet = await s.start({ recipient: 'deliveredFirstChannel', eventInMs: NOT_BEFORE_MS + 60_000 });
    expect(await s.h.service.cancel(noticeFor, { reason: 'appointment_cancelled' })).toMatchObject({ kind: 'cancelled' });
    expect(await s.h.service.cancel(noticeFor, { reason: 'appointment_cancelled' })).toMatchObject({ kind: 'cancelled' });
    expect(await s.h.service.cancel(quiet, { reason: 'sent_in_error' })).toMatchObject({ kind: 'cancelled' });
    expect(sentFor(noticeFor) + sentFor(quiet)).toBe(0);

    const notice = await s.resultOf(`${noticeFor}-notice`);
    expect(notice.outcome).toBe('delivered');
    expect(notice.view.journeyType).toBe('appointment-cancelled');
    expect((await s.h.service.get(quiet))?.timeline.some((e) => e.kind === 'notice-started')).toBe(false);
    await expect(s.env.client.workflow.getHandle(`${quiet}-notice`).describe()).rejects.toThrow();
  });

  it('changeAppointment re-plans the send; an invalid change is rejected before history; a finished journey is closed', async () => {
    const eventAt = Date.now() + NOT_BEFORE_MS + 1_500;
    const journeyId = await s.start({ recipient: 'deliveredFirstChannel', eventAt });
    // The journey publishes its plan in its first task: until then GET shows the view its starter wrote.
    const before = await waitFor(async () => {
      const details = await s.h.service.get(journeyId);
      return details?.nextSendAt === undefined ? undefined : details;
    }, 10_000, 'the first send planned');
    const handle = s.env.client.workflow.getHandle(journeyId);

    await expect(handle.executeUpdate(changeAppointment, { args: [{ eventAt: 'not a date' }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(await s.h.service.change(journeyId, { eventTime: new Date(eventAt).toISOString(), eventAt, personalisation: { nope: 'x' } }))
      .toEqual({ kind: 'rejected', reason: 'INVALID_CHANGE_REQUEST' });

    const moved = eventAt + 2_000;
    const changed = await s.h.service.change(journeyId, { eventTime: new Date(moved).toISOString(), eventAt: moved, personalisation: { clinicName: 'New Clinic' } });
    expect(changed).toMatchObject({ kind: 'changed' });
    const after = (await s.h.service.get(journeyId))!;
    expect(after.nextSendAt).toBe(new Date(moved - NOT_BEFORE_MS).toISOString());
    expect(before.nextSendAt).toBe(new Date(eventAt - NOT_BEFORE_MS).toISOString());
    const result = await s.resultOf(journeyId);
    expect(result.outcome).toBe('delivered');
    const step = result.view.steps[0]!;
    expect(step.scheduledAt).toBe(moved - NOT_BEFORE_MS);
    expect(step.sentAt!).toBeGreaterThanOrEqual(moved - NOT_BEFORE_MS);
    expect(before.deadline).not.toBe(result.view.deadline);

    const history = await handle.fetchHistory();
    const updates = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates).toHaveLength(1); // the rejected ones left no trace
    expect(await s.h.service.change(journeyId, { eventTime: new Date(moved).toISOString(), eventAt: moved, personalisation: {} })).toEqual({ kind: 'closed' });
    expect(await s.h.service.change('journey-appointment-reminder-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { eventTime: new Date(moved).toISOString(), eventAt: moved, personalisation: {} }))
      .toEqual({ kind: 'not-found' });
  });
});
