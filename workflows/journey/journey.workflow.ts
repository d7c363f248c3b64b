/**
 * A journey: a clinical event becomes a durable workflow that owns the communication until the patient
 * has it or a person has taken over.
 *
 *   validate → wait for the send time (not-before, quiet hours) → one step as a child delivery workflow
 *     → delivered: done
 *     → failed / timed out: the planner picks the next step that can still reach the patient before the
 *       deadline (SMS if there is time, a letter only if it can arrive), otherwise staff escalation
 *   escalation → worklist ticket, SLA timer, re-escalation on breach, until staff record an outcome.
 *   Before each send the sending controls (kill switch, dry run) may hold it or record it as a dry run.
 *
 * A change of appointment re-plans the wait; a cancel stops all pending sends (C2). All durations come in
 * the input, so tests run the same code on compressed timings.
 */
import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, patched } from '@temporalio/workflow';
import { recordFallback, recordJourneyFinished } from '../common/journey-metrics';
import { runDeliveryStep } from './delivery-step';
import { runEscalation } from './escalation-step';
import type { JourneyInput, JourneyOutcome, JourneyResult } from './journey-contract';
import { addLog, createContext, noteJourneyAttributes, publishJourney, setStatus, viewOf, type JourneyContext } from './journey-context';
import { registerJourneyHandlers } from './journey-handlers';
import { isPatientLevelFailure, planNext, recordSkipped } from './plan-next';
import { checkedInput } from './validate-input';
import { carriedInput } from './published-plan';
import { handOverFacts } from './fact-sink';
import { noticeStarter, startCancellationNotice } from './cancellation-notice';
import { announceOutcome, publishAnnounced } from './webhook-events';
import { passSendingGate, SENDING_CONTROLS_PATCH } from './sending-gate';
import { journeyWait, publishBeforeHandOver } from './journey-wait';
import { COHORT_FOLLOW_UP_PATCH, takeOverFromBatch } from './batch-step';

export async function journeyWorkflow(input: JourneyInput): Promise<JourneyResult> {
  // The plan is resolved before the first command, so the commands are the same whichever way it came.
  const checked = checkedInput(input);
  // A bad input is a typed, non-retryable failure (a named end state), never a workflow task stuck in retries.
  if (!checked.ok) throw ApplicationFailure.nonRetryable(`invalid journey input (${checked.problem})`, checked.problem);
  const ctx = createContext(checked.input);
  registerJourneyHandlers(ctx);
  // Only a journey a cohort started has sentInBatch (older histories never reach the patch check).
  if (input.sentInBatch !== undefined && input.carried === undefined && patched(COHORT_FOLLOW_UP_PATCH)) {
    if ((await takeOverFromBatch(ctx, input.sentInBatch)) === 'escalate') escalateNext(ctx, 'patient_not_contactable');
  }

  for (;;) {
    if (ctx.state.cancel !== undefined) return finish(ctx, 'cancelled', ctx.state.cancel.reason);
    if (ctx.state.phase === 'escalating') {
      const end = await runEscalation(ctx);
      if (end === 'continue-as-new') return carryOn(ctx);
      return finish(ctx, end);
    }
    const decision = planNext(ctx);
    recordSkipped(ctx, decision);
    if (decision.kind === 'escalate') {
      escalateNext(ctx, decision.reason);
      continue;
    }
    ctx.state.nextSendAt = decision.at;
    if (ctx.state.status !== 'scheduled') setStatus(ctx, 'scheduled');
    addLog(ctx, { kind: 'send-scheduled', stepId: decision.step.id });
    publishBeforeHandOver(ctx);
    const scheduledFacts = handOverFacts(ctx);
    if (scheduledFacts !== undefined) await scheduledFacts;
    const waited = await journeyWait(ctx, ctx.clock.realMsUntil(decision.at), `send time for ${decision.step.id}`,
      () => ctx.state.cancel !== undefined || ctx.replanned);
    ctx.replanned = false;
    // Nothing awaits between this check and the child's start: a cancel handled before it wins (C2).
    if (waited === 'interrupted' || ctx.state.cancel !== undefined) continue;
    if (patched(SENDING_CONTROLS_PATCH)) {
      // The kill switch and dry run, consulted at the last moment before the send; a held journey plans again.
      const gate = await passSendingGate(ctx, decision.step, decision.at);
      if (gate === 'dry_run') return finish(ctx, 'dry_run');
      if (gate === 'replan' || ctx.state.cancel !== undefined) continue;
    }
    delete ctx.state.nextSendAt;
    setStatus(ctx, 'sending');
    const outcome = await runDeliveryStep(ctx, decision.step, decision.at);
    const stepFacts = handOverFacts(ctx);
    if (stepFacts !== undefined) await stepFacts;
    if (outcome === 'delivered') return finish(ctx, 'delivered');
    const last = ctx.state.steps[ctx.state.steps.length - 1];
    if (outcome === 'failed' && isPatientLevelFailure(last?.failureCode)) escalateNext(ctx, 'patient_not_contactable');
  }
}

function escalateNext(ctx: JourneyContext, reason: string): void {
  const last = ctx.state.steps[ctx.state.steps.length - 1];
  if (last !== undefined) recordFallback(ctx.input.plan.type, last.channel, 'escalation');
  ctx.state.phase = 'escalating';
  ctx.state.escalationReason = reason;
}

async function finish(ctx: JourneyContext, outcome: JourneyOutcome, reason?: string): Promise<JourneyResult> {
  if (outcome === 'cancelled') await startCancellationNotice(ctx, noticeStarter(journeyWorkflow));
  ctx.state.outcome = outcome;
  recordJourneyFinished(ctx.input.plan.type, outcome);
  if (outcome === 'delivered' || outcome === 'cancelled' || outcome === 'dry_run') setStatus(ctx, outcome);
  delete ctx.state.nextSendAt;
  addLog(ctx, { kind: 'journey-finished', outcome, ...(reason === undefined ? {} : { reason }) });
  noteJourneyAttributes(ctx, { escalationOpen: false });
  publishJourney(ctx);
  announceOutcome(ctx, outcome, reason);
  await publishAnnounced(ctx);
  const handOver = handOverFacts(ctx);
  if (handOver !== undefined) await handOver;
  // Let an in-progress cancel or change return its answer before the workflow closes.
  await condition(allHandlersFinished);
  return { outcome, view: viewOf(ctx) };
}

async function carryOn(ctx: JourneyContext): Promise<never> {
  await publishAnnounced(ctx); // an escalation closed by the last SLA breach of this run
  const handOver = handOverFacts(ctx);
  if (handOver !== undefined) await handOver;
  await condition(allHandlersFinished);
  return continueAsNew<typeof journeyWorkflow>({ ...carriedInput(ctx.input), carried: { state: ctx.state, clock: ctx.clock.anchor } });
}
