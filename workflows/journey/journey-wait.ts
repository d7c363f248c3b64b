/**
 * The journey's one durable wait (its send time, an escalation's SLA, a hold by the sending controls): it first
 * publishes what changed, so the API reads the journey as it waits, and no wait added later can forget to.
 * The other places a journey stops are a step's message running (delivery-step.ts publishes as it starts it)
 * and its end (it publishes as it finishes).
 */
import { patched } from '@temporalio/workflow';
import { interruptibleSleep, type WaitResult } from '../common/interruptible';
import { publishJourney, type JourneyContext } from './journey-context';
import { LEAN_PUBLICATION_PATCH } from './journey-publication';

export function journeyWait(ctx: JourneyContext, ms: number, summary: string, interrupted: () => boolean): Promise<WaitResult> {
  publishJourney(ctx);
  return interruptibleSleep(ms, summary, interrupted);
}

/**
 * Before a hand-over that precedes a wait: journeys from before the patch published here (the wait's own
 * publish is then a no-op: nothing changed in between). Since the patch the wait publishes, after the hand-over.
 */
export function publishBeforeHandOver(ctx: JourneyContext): void {
  if (!patched(LEAN_PUBLICATION_PATCH)) publishJourney(ctx);
}
