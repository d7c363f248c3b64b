/**
 * The journey's cascade decision: given the steps still untried, send the first one that can still reach
 * the patient before the deadline, or hand over to staff.
 * - NHS App, SMS, email: worth sending if the send time (after quiet hours) is before the deadline.
 * - Letter: worth sending only if it can also arrive (send time + letter lead time) by the deadline.
 * The decision also lists the steps it passed over and why, for the audit trail.
 */
import type { DurationMs, EpochMs } from '../durations';
import type { JourneyDefinition, JourneyStep } from '../journeys/types';
import { isTooLate, type AbsoluteWindow } from './journey-window';
import { nextSendTime, type ChannelQuietHours } from './quiet-hours';
import type { EscalationReason, SkipReason } from './reasons';
import { LONDON } from './zoned-time';

export interface FallbackInput {
  readonly now: EpochMs;
  readonly deadline: EpochMs;
  /** Untried steps, in journey order. */
  readonly remainingSteps: readonly JourneyStep[];
  readonly letterLeadTimeMs: DurationMs;
  readonly quietHours: ChannelQuietHours;
  readonly timeZone?: string;
  /** Earliest allowed send (the journey window's notBefore); defaults to `now`. */
  readonly notBefore?: EpochMs;
}

export interface SkippedStep {
  readonly stepId: string;
  readonly reason: SkipReason;
}

export type FallbackDecision =
  | { readonly kind: 'send'; readonly step: JourneyStep; readonly at: EpochMs; readonly skipped: readonly SkippedStep[] }
  | { readonly kind: 'escalate'; readonly reason: EscalationReason; readonly skipped: readonly SkippedStep[] };

export function chooseFallback(input: FallbackInput): FallbackDecision {
  const { now, deadline, remainingSteps } = input;
  if (isTooLate(now, deadline)) {
    return { kind: 'escalate', reason: 'deadline_passed', skipped: remainingSteps.map((step) => ({ stepId: step.id, reason: 'deadline_passed' })) };
  }
  if (remainingSteps.length === 0) return { kind: 'escalate', reason: 'no_steps_left', skipped: [] };
  const earliest = Math.max(now, input.notBefore ?? now);
  const skipped: SkippedStep[] = [];
  for (const step of remainingSteps) {
    const at = nextSendTime(earliest, input.quietHours, step.channel, input.timeZone ?? LONDON);
    const reason = whyNot(step, at, deadline, input.letterLeadTimeMs);
    if (reason === undefined) return { kind: 'send', step, at, skipped };
    skipped.push({ stepId: step.id, reason });
  }
  return { kind: 'escalate', reason: 'no_step_can_arrive_in_time', skipped };
}

function whyNot(step: JourneyStep, at: EpochMs, deadline: EpochMs, letterLeadTimeMs: DurationMs): SkipReason | undefined {
  if (step.channel === 'letter') return at + letterLeadTimeMs <= deadline ? undefined : 'letter_cannot_arrive_in_time';
  return at < deadline ? undefined : 'quiet_hours_until_deadline';
}

/**
 * The journey's next move: the first of `remainingSteps` (untried, in journey order) that can still reach the
 * patient inside the journey's window, or staff escalation. The workflow calls this before every wait.
 */
export function planNextSend(
  journey: Pick<JourneyDefinition, 'letterLeadTimeMs' | 'quietHours' | 'timeZone'>,
  window: AbsoluteWindow,
  remainingSteps: readonly JourneyStep[],
  now: EpochMs,
): FallbackDecision {
  return chooseFallback({
    now, deadline: window.deadline, remainingSteps,
    letterLeadTimeMs: journey.letterLeadTimeMs, quietHours: journey.quietHours, timeZone: journey.timeZone,
    ...(window.notBefore === undefined ? {} : { notBefore: window.notBefore }),
  });
}
