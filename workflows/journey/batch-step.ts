/**
 * A journey that begins after its first step went out in a cohort's batch (the cohort workflow sent it; a
 * failed callback, a stalled one or a refusal made this patient need their own journey). The step is recorded
 * as the journey would have recorded it, under the messageReference the journey itself derives, so the
 * timeline reads the same and the planner moves on to the next step. The follow-up waits a deterministic
 * moment inside the spread, so a cohort's follow-ups started together do not all send in the same second.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { messageReference } from '../../src/domain/idempotency';
import { spreadFollowUpAt } from '../../src/domain/cohorts/spread';
import { interruptibleSleep } from '../common/interruptible';
import { recordStepOutcome } from '../common/journey-metrics';
import type { SentInBatch } from './journey-contract';
import { addLog, noteJourneyAttributes, publishJourney, windowOf, type JourneyContext } from './journey-context';
import { isPatientLevelFailure } from './plan-next';

export const COHORT_FOLLOW_UP_PATCH = 'cohort-follow-up';

/** 'escalate': NHS Notify failed the message for the person, so no other channel can help. */
export async function takeOverFromBatch(ctx: JourneyContext, sent: SentInBatch): Promise<'plan' | 'escalate'> {
  const step = ctx.input.plan.steps.find((s) => s.id === sent.stepId);
  if (step === undefined) throw ApplicationFailure.nonRetryable(`batch step ${sent.stepId} is not in the plan`, 'INVALID_JOURNEY_PLAN');
  const now = ctx.clock.now();
  ctx.state.steps.push({
    stepId: step.id, channel: step.channel, messageReference: messageReference(ctx.journeyId, step.id, step.channel),
    template: step.template, routingPlan: { name: step.routingPlan }, startedAt: now, scheduledAt: now, finishedAt: now,
    outcome: sent.outcome,
    ...(sent.acceptedAt === undefined ? {} : { accepted: 'now' as const, acceptedAt: sent.acceptedAt }),
    ...(sent.messageId === undefined ? {} : { messageId: sent.messageId }),
    ...(sent.failureCode === undefined ? {} : { failureCode: sent.failureCode }),
  });
  addLog(ctx, { kind: 'step-finished', stepId: step.id, stepOutcome: sent.outcome, ...(sent.failureCode === undefined ? {} : { failureCode: sent.failureCode }) });
  recordStepOutcome(ctx.input.plan.type, step.channel, sent.outcome, sent.failureCode);
  noteJourneyAttributes(ctx, { step: step.id, ...(sent.messageId === undefined ? {} : { messageId: sent.messageId }) });
  if (sent.outcome === 'failed' && isPatientLevelFailure(sent.failureCode)) return 'escalate';
  // Half the time left at most: the spread must never push a follow-up past what the planner can still use.
  const room = Math.max(0, Math.min(sent.spreadMs, (windowOf(ctx).deadline - now) / 2));
  const at = spreadFollowUpAt(ctx.journeyId, now, room);
  publishJourney(ctx);
  await interruptibleSleep(ctx.clock.realMsUntil(at), 'follow-up spread', () => ctx.state.cancel !== undefined || ctx.replanned);
  ctx.replanned = false;
  return 'plan';
}
