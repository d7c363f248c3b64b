/**
 * The journey's one fact sink: at a few points (before a long wait, after a step, at the end) the journey hands
 * the facts it has not yet handed over to `recordJourneyFacts`, a local activity (no activity task, no extra
 * workflow task: it runs inside the current one). The activity never fails the journey because the store is slow
 * or down: it retries briefly, then keeps the facts in a durable backlog that is written when the store is back.
 * Should the activity itself fail, the facts stay unacknowledged and go with the next hand-over.
 *
 * New in this version of the workflow, so behind patched(): histories recorded before it replay unchanged.
 */
import { log, patched, proxyLocalActivities } from '@temporalio/workflow';
import type { FactSinkActivities } from '../../activities/audit/fact-sink.activities';
import type { JourneyContext } from './journey-context';
import { journeyFacts } from './journey-facts';
import type { JourneyFact } from '../../src/domain/audit/journey-fact';

export const FACT_SINK_PATCH = 'journey-fact-sink';

const { recordJourneyFacts } = proxyLocalActivities<FactSinkActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

/**
 * Hands the new facts over, or returns undefined when there is nothing to do (a history from before the sink, or
 * no new fact): callers then must not await, because even awaiting a settled promise yields, and that reorders
 * this activation's commands against the recorded history (an update accepted in the same activation replays
 * as a nondeterminism error). Hence `const handOver = handOverFacts(ctx); if (handOver) await handOver;`.
 */
export function handOverFacts(ctx: JourneyContext): Promise<void> | undefined {
  if (!patched(FACT_SINK_PATCH)) return undefined;
  const facts = journeyFacts(ctx.input, ctx.state).filter((f) => !ctx.handedOver.has(f.key));
  if (facts.length === 0) return undefined;
  return record(ctx, facts);
}

async function record(ctx: JourneyContext, facts: readonly JourneyFact[]): Promise<void> {
  try {
    await recordJourneyFacts({ journeyId: ctx.journeyId, journeyType: ctx.input.plan.type, nhsNumber: ctx.input.recipient.nhsNumber, facts });
    for (const f of facts) ctx.handedOver.add(f.key);
  } catch (error) {
    log.warn('journey facts not handed over; they go with the next hand-over', { facts: facts.length, error: String(error) });
  }
}
