import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { DEFAULT_JOURNEY_TIMINGS, isQuietAt } from '../../../src/domain';
import { createJourneyService } from '../../../src/temporal/journey-service';
import { withDecodedSummaries } from '../../support/temporal';
import { useJourneySuite, waitFor } from './support/journey-suite';
import { aStartRequest, idempotencyOf } from './support/requests';

/** Journey time runs 36 000× real time: an hour passes in 100 ms, a night of quiet hours in about a second. */
const SPEED = 36_000;
const at = (iso: string) => Date.parse(iso);

describe('R12: long waits on a compressed calendar, across DST changes and quiet hours (Europe/London)', () => {
  // Production durations and quiet hours (SMS not 20:00-08:00); only the journey clock is compressed.
  const s = useJourneySuite({ timings: DEFAULT_JOURNEY_TIMINGS });

  async function startFrom(startAt: string, appointment: string, recipient: 'nhsAppUnread' | 'deliveredFirstChannel') {
    const service = createJourneyService({
      client: s.env.client, taskQueue: s.taskQueue, catalogue: s.h.catalogue, journeyIdSecret: randomBytes(32), clock: { speed: SPEED, startAt: at(startAt) },
    });
    const request = aStartRequest(s.h.catalogue, { recipient, eventAt: at(appointment) });
    const started = await service.start(request, idempotencyOf(request));
    if (started.kind !== 'new') throw new Error('expected a new journey');
    return { service, journeyId: started.journey.journeyId };
  }

  async function runFrom(startAt: string, appointment: string, recipient: 'nhsAppUnread' | 'deliveredFirstChannel') {
    const started = await startFrom(startAt, appointment, recipient);
    const result = await s.resultOf(started.journeyId);
    const history = await s.env.client.workflow.getHandle(started.journeyId).fetchHistory();
    return { result, events: await withDecodedSummaries(history.events ?? []) };
  }

  it('R12: clocks go back (25 Oct 2026): an NHS App message that fails at 20:30 BST falls back to SMS at 08:00 GMT, not 07:00', async () => {
    const { result, events } = await runFrom('2026-10-24T19:30:00Z', '2026-10-27T10:00:00Z', 'nhsAppUnread');
    expect(result.outcome).toBe('delivered');
    const [nhsapp, sms] = result.view.steps;
    expect(nhsapp).toMatchObject({ status: 'failed', scheduledAt: at('2026-10-24T19:30:00Z') });
    expect(sms?.status).toBe('delivered');
    expect(sms?.scheduledAt).toBe(at('2026-10-25T08:00:00Z')); // 08:00 local after the change is 08:00 UTC
    expect(isQuietAt(sms!.scheduledAt!, DEFAULT_JOURNEY_TIMINGS.quietHours, 'sms')).toBe(false);
    expect(isQuietAt(sms!.scheduledAt! - 1, DEFAULT_JOURNEY_TIMINGS.quietHours, 'sms')).toBe(true);
    // History order follows the journey definition: NHS App child, the quiet-hours timer, then the SMS child.
    expect(order(events)).toEqual(['child:nhsapp', 'timer:send time for sms', 'child:sms']);
    const timer = events.find((e) => e.timerStartedEventAttributes)!.timerStartedEventAttributes!;
    const realMs = Number(timer.startToFireTimeout!.seconds ?? 0) * 1000 + Math.round((timer.startToFireTimeout!.nanos ?? 0) / 1e6);
    // What is left of the 12.5 h night once the NHS App step has failed, compressed: under 1.25 s of real time.
    expect(realMs).toBeGreaterThan(0);
    expect(realMs).toBeLessThanOrEqual((12.5 * 3_600_000) / SPEED + 1);
  });

  it('R12: clocks go forward (28 Mar 2027): SMS waits until 08:00 BST (07:00 UTC)', async () => {
    const { result, events } = await runFrom('2027-03-27T21:00:00Z', '2027-03-30T09:00:00Z', 'nhsAppUnread');
    expect(result.outcome).toBe('delivered');
    expect(result.view.steps[1]?.scheduledAt).toBe(at('2027-03-28T07:00:00Z'));
    expect(order(events)).toEqual(['child:nhsapp', 'timer:send time for sms', 'child:sms']);
  });

  it('R12: quiet hours that last past the deadline skip SMS; a letter cannot arrive; staff are asked', async () => {
    // Deadline (24 h before a 06:00 appointment) is 06:00 on the night of the change, inside SMS quiet hours.
    const { service, journeyId } = await startFrom('2026-10-24T21:00:00Z', '2026-10-26T06:00:00Z', 'nhsAppUnread');
    const details = await waitFor(async () => {
      const d = await service.get(journeyId);
      return d?.escalations.length === 1 ? d : undefined;
    }, 10_000, 'escalation');
    expect(details.steps.map((step) => [step.stepId, step.status, step.skipReason])).toEqual([
      ['nhsapp', 'failed', undefined], ['sms', 'skipped', 'quiet_hours_until_deadline'], ['letter', 'skipped', 'letter_cannot_arrive_in_time'],
    ]);
    expect(details.escalations[0]?.reason).toBe('no_step_can_arrive_in_time');
    await service.recordEscalationOutcome(details.escalations[0]!.escalationId, { outcome: 'phoned', staffRole: 'nurse' });
    expect((await s.resultOf(journeyId)).outcome).toBe('handled_by_staff');
  }, 15_000);
});

function order(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.flatMap((e) => {
    const child = e.startChildWorkflowExecutionInitiatedEventAttributes;
    if (child) return [`child:${child.workflowType?.name === 'deliveryAttemptWorkflow' ? stepOf(e) : 'other'}`];
    if (e.timerStartedEventAttributes) return [`timer:${summaryOf(e)}`];
    return [];
  });
}

function summaryOf(e: temporal.api.history.v1.IHistoryEvent): string {
  const payload = e.userMetadata?.summary;
  return payload ? String(defaultPayloadConverter.fromPayload(payload)) : '';
}

function stepOf(e: temporal.api.history.v1.IHistoryEvent): string {
  return /step (\w+)/.exec(summaryOf(e))?.[1] ?? '?';
}
