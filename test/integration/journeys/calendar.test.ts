import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { isQuietAt, nextSendTime } from '../../../src/domain';
import { builtInCatalogue } from '../../../src/catalogue/built-in';

/** The built-in catalogue's own quiet hours, as production runs them. */
const QUIET_HOURS = builtInCatalogue()['appointment-reminder'].quietHours;
import type { JourneyView } from '../../../workflows';
import { createJourneyService } from '../../../src/temporal/journey-service';
import { withDecodedSummaries } from '../../support/temporal';
import { useJourneySuite, waitFor } from './support/journey-suite';
import { aStartRequest, idempotencyOf } from './support/requests';

/**
 * Journey time runs compressed, but not so fast that the machine's speed shows. The DST cases need the NHS App
 * step to fail during the night, so the night (10 to 12.5 hours of journey time) is the slack a stalled machine
 * has: at 600× that is 60 to 75 s of real time. At 3 600× it was 10 to 12.5 s, and on a loaded 2-core machine
 * (load 40, workflow tasks of 10 to 25 s) the step failed 47 s after the start, at 08:40 journey time, after the
 * night had ended. The waits cost what the slack buys: a quiet-hours timer of up to 75 s. The expected send
 * time is derived from when the step really failed (journey time), so the assertions are the rule, not a race.
 */
const SPEED = 600;
/** Real time for a case that waits out most of a night at SPEED, with room for a loaded machine. */
const NIGHT_TIMEOUT_MS = 240_000;
const at = (iso: string) => Date.parse(iso);

/**
 * When the journey recorded the step as finished (journey time). The next step is planned a moment later; inside
 * quiet hours that moment is the same night, so the send time it plans is nextSendTime(finishedAt).
 */
function finishedAt(view: JourneyView, stepId: string): number {
  const entry = view.events.find((e) => e.kind === 'step-finished' && e.stepId === stepId);
  if (entry === undefined) throw new Error(`step ${stepId} never finished`);
  return entry.at;
}

describe.concurrent('R12: long waits on a compressed calendar, across DST changes and quiet hours (Europe/London)', () => {
  // Production durations and quiet hours (SMS not 20:00-08:00); only the journey clock is compressed.
  // The cases run side by side: each journey has its own compressed clock and mostly waits on a server timer
  // (a night is 60 to 75 s here), so nothing one case asserts depends on another; each asserts with its own expect.
  const s = useJourneySuite({ timings: { timeScale: 1 } });

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

  it('R12: clocks go back (25 Oct 2026): an NHS App message that fails at 20:30 BST falls back to SMS at 08:00 GMT, not 07:00', async ({ expect }) => {
    const { result, events } = await runFrom('2026-10-24T19:30:00Z', '2026-10-27T10:00:00Z', 'nhsAppUnread');
    expect(result.outcome).toBe('delivered');
    const [nhsapp, sms] = result.view.steps;
    expect(nhsapp).toMatchObject({ status: 'failed', scheduledAt: at('2026-10-24T19:30:00Z') });
    expect(sms?.status).toBe('delivered');
    // The scenario: the NHS App step failed during the night (20:30 BST plus a real-time stall of under 75 s),
    // so the SMS waits for 08:00 local after the change, which is 08:00 UTC (07:00 UTC would be the old offset).
    // Checked first: a step that failed after the night sends at once, from a "now" later than its failure.
    const failedAt = finishedAt(result.view, 'nhsapp');
    expect(failedAt).toBeLessThan(at('2026-10-25T08:00:00Z'));
    expect(sms?.scheduledAt).toBe(nextSendTime(failedAt, QUIET_HOURS, 'sms'));
    expect(sms?.scheduledAt).toBe(at('2026-10-25T08:00:00Z'));
    expect(isQuietAt(sms!.scheduledAt!, QUIET_HOURS, 'sms')).toBe(false);
    expect(isQuietAt(sms!.scheduledAt! - 1, QUIET_HOURS, 'sms')).toBe(true);
    // History order follows the journey definition: NHS App child, the quiet-hours timer, then the SMS child.
    expect(order(events)).toEqual(['child:nhsapp', 'timer:send time for sms', 'child:sms']);
    const timer = events.find((e) => e.timerStartedEventAttributes)!.timerStartedEventAttributes!;
    const realMs = Number(timer.startToFireTimeout!.seconds ?? 0) * 1000 + Math.round((timer.startToFireTimeout!.nanos ?? 0) / 1e6);
    // What is left of the 12.5 h night once the NHS App step has failed, compressed: under 75 s of real time.
    expect(realMs).toBeGreaterThan(0);
    expect(realMs).toBeLessThanOrEqual((12.5 * 3_600_000) / SPEED + 1);
  }, NIGHT_TIMEOUT_MS);

  it('R12: clocks go forward (28 Mar 2027): SMS waits until 08:00 BST (07:00 UTC)', async ({ expect }) => {
    const { result, events } = await runFrom('2027-03-27T21:00:00Z', '2027-03-30T09:00:00Z', 'nhsAppUnread');
    expect(result.outcome).toBe('delivered');
    const failedAt = finishedAt(result.view, 'nhsapp');
    expect(failedAt).toBeLessThan(at('2027-03-28T07:00:00Z')); // failed in the night, so the clock change decides
    expect(result.view.steps[1]?.scheduledAt).toBe(nextSendTime(failedAt, QUIET_HOURS, 'sms'));
    expect(result.view.steps[1]?.scheduledAt).toBe(at('2027-03-28T07:00:00Z'));
    expect(order(events)).toEqual(['child:nhsapp', 'timer:send time for sms', 'child:sms']);
  }, NIGHT_TIMEOUT_MS);

  it('R12: quiet hours that last past the deadline skip SMS; a letter cannot arrive; staff are asked', async ({ expect }) => {
    // Deadline (24 h before a 06:00 appointment) is 06:00 on the night of the change, inside SMS quiet hours.
    // At 600× the 9 h between the start and the deadline are 54 s of real time: the NHS App step fails well before.
    const { service, journeyId } = await startFrom('2026-10-24T21:00:00Z', '2026-10-26T06:00:00Z', 'nhsAppUnread');
    const details = await waitFor(async () => {
      const d = await service.get(journeyId);
      return d?.escalations.length === 1 ? d : undefined;
    }, 60_000, 'escalation');
    expect(details.steps.map((step) => [step.stepId, step.status, step.skipReason])).toEqual([
      ['nhsapp', 'failed', undefined], ['sms', 'skipped', 'quiet_hours_until_deadline'], ['letter', 'skipped', 'letter_cannot_arrive_in_time'],
    ]);
    expect(details.escalations[0]?.reason).toBe('no_step_can_arrive_in_time');
    await service.recordEscalationOutcome(details.escalations[0]!.escalationId, { outcome: 'phoned', staffRole: 'nurse' });
    const result = await s.resultOf(journeyId);
    expect(result.outcome).toBe('handled_by_staff');
    // The rule, from when the step really failed: SMS could not leave quiet hours before the 06:00 UTC deadline.
    const failedAt = finishedAt(result.view, 'nhsapp');
    expect(failedAt).toBeLessThan(result.view.deadline);
    expect(nextSendTime(failedAt, QUIET_HOURS, 'sms')).toBeGreaterThanOrEqual(result.view.deadline);
  }, NIGHT_TIMEOUT_MS);
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
