/**
 * A journey's send window in absolute time: from its event time and its definition's relative offsets.
 */
import type { EpochMs } from '../durations';
import type { JourneyDefinition } from '../journeys/types';

export interface AbsoluteWindow {
  /** The earliest instant a message may go (may be in the past); absent: as soon as the journey starts. */
  readonly notBefore?: EpochMs;
  /** After this instant no message is useful. */
  readonly deadline: EpochMs;
}

export function journeyWindow(journey: Pick<JourneyDefinition, 'window'>, eventAt: EpochMs): AbsoluteWindow {
  const { notBeforeOffsetMs, deadlineOffsetMs } = journey.window;
  // No Infinity sentinel: windows travel in Temporal payloads, and JSON turns Infinity into null.
  const deadline = eventAt + deadlineOffsetMs;
  return notBeforeOffsetMs === undefined ? { deadline } : { notBefore: eventAt + notBeforeOffsetMs, deadline };
}

/** True when the deadline has come: sending now could not help the patient. */
export function isTooLate(now: EpochMs, deadline: EpochMs): boolean {
  return now >= deadline;
}

/** When to stop waiting for a sent message's terminal callback (the step's callback timeout, real ms). */
export function callbackWaitUntil(sentAt: EpochMs, step: { readonly callbackTimeoutMs: number }): EpochMs {
  return sentAt + step.callbackTimeoutMs;
}

/** When an escalation opened at `openedAt` must have been acted on. */
export function escalationDueBy(openedAt: EpochMs, journey: Pick<JourneyDefinition, 'escalationSlaMs'>): EpochMs {
  return openedAt + journey.escalationSlaMs;
}
