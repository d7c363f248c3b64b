/**
 * Runs one step's message as the child workflow `notify-message-<messageReference>` and records what it
 * reports. The messageReference is derived here from (journeyId, stepId, channel): stable across retries,
 * replays and continue-as-new (R8). A journey cancel is forwarded to the child as `stopDelivery`; the child
 * then sends nothing new and reports whether a message had already gone (C2).
 */
import { CancellationScope, condition, patched, startChild, workflowInfo } from '@temporalio/workflow';
import { messageReference } from '../../src/domain/idempotency';
import { messageContentFor } from '../../src/domain/messages/commands/v1/message-content';
import type { JourneyStep } from '../../src/domain/journeys/types';
import {
  DEFAULT_SEND_POLICY, deliveryWorkflowId, stopDelivery, type DeliveryAttemptInput, type DeliveryAttemptResult,
} from '../delivery/delivery-contract';
import { deliveryAttemptWorkflow } from '../delivery/delivery-attempt.workflow';
import { failureCode } from '../common/failures';
import { recordFallback, recordStepOutcome, recordTriggerToAccepted } from '../common/journey-metrics';
import { JourneyStep as JourneyStepKey, JourneyType } from '../common/search-attributes';
import { addLog, noteJourneyAttributes, publishJourney, type JourneyContext } from './journey-context';
import { recordResult } from './journey-state';
import { LEAN_PUBLICATION_PATCH } from './journey-publication';

export async function runDeliveryStep(ctx: JourneyContext, step: JourneyStep, scheduledAt: number): Promise<DeliveryAttemptResult['outcome'] | 'child_failed'> {
  const reference = messageReference(ctx.journeyId, step.id, step.channel);
  // Since the patch the message publishes and announces NHS Notify's acceptance: no signal, and no journey task
  // while the message waits for its outcome. Journeys that began signalled replay on the signal path.
  const messagePublishes = patched(LEAN_PUBLICATION_PATCH);
  const firstToBeAccepted = !ctx.state.steps.some((s) => s.accepted !== undefined);
  // The input holds the recipient as validated at start; the personalisation is the current one (C3).
  const content = messageContentFor({ ...ctx.input, personalisation: ctx.state.personalisation }, step);
  const type = ctx.input.plan.type;
  const previous = ctx.state.steps[ctx.state.steps.length - 1];
  if (previous !== undefined) recordFallback(type, previous.channel, step.channel);
  ctx.state.steps.push({
    stepId: step.id, channel: step.channel, messageReference: reference, template: step.template,
    routingPlan: { name: step.routingPlan }, startedAt: ctx.clock.now(), scheduledAt,
  });
  noteJourneyAttributes(ctx, { step: step.id });
  ctx.activeStepId = step.id;
  const publishing = ctx.publication.enabled;
  publishJourney(ctx);
  try {
    const child = await startChild(deliveryAttemptWorkflow, {
      workflowId: deliveryWorkflowId(reference),
      staticSummary: `${ctx.input.plan.type} step ${step.id}`,
      typedSearchAttributes: [{ key: JourneyType, value: ctx.input.plan.type }, { key: JourneyStepKey, value: step.id }],
      args: [{
        journeyId: ctx.journeyId, journeyType: ctx.input.plan.type, stepId: step.id, channel: step.channel,
        messageReference: reference, routingPlan: content.routingPlan, template: content.template,
        recipient: content.recipient, personalisation: content.personalisation,
        ...(content.odsCode === undefined ? {} : { odsCode: content.odsCode }),
        callbackTimeoutMs: ctx.clock.realMs(step.callbackTimeoutMs),
        sendPolicy: ctx.input.sendPolicy ?? DEFAULT_SEND_POLICY, ...progressReporting(ctx, messagePublishes, firstToBeAccepted),
      }],
    });
    const result = await forwardingCancel(ctx, child);
    recordResult(ctx.state, result, ctx.clock.now());
    recordStepOutcome(type, step.channel, result.outcome, result.failureCode);
    if (result.send?.accepted === 'now') recordTriggerToAccepted(type, step.channel, Date.parse(result.send.acceptedAt) - workflowInfo().startTime.getTime());
    const messageId = result.state.messageId;
    if (publishing && messageId !== undefined) noteJourneyAttributes(ctx, { messageId });
    addLog(ctx, { kind: 'step-finished', stepId: step.id, stepOutcome: result.outcome, ...(result.failureCode === undefined ? {} : { failureCode: result.failureCode }) });
    return result.outcome;
  } catch (error) {
    // The child could not start or failed unexpectedly: record it; the journey treats it as not delivered.
    const code = failureCode(error, 'DELIVERY_CHILD_FAILED');
    ctx.state.steps = ctx.state.steps.map((s) => s.stepId === step.id ? { ...s, outcome: 'send_failed', failureCode: code, finishedAt: ctx.clock.now() } : s);
    addLog(ctx, { kind: 'step-finished', stepId: step.id, stepOutcome: 'send_failed', failureCode: code });
    recordStepOutcome(type, step.channel, 'child_failed', code);
    return 'child_failed';
  } finally {
    ctx.activeStepId = undefined;
  }
}

/** How the child tells of NHS Notify's acceptance: it publishes (and announces) it, or signals it (older journeys). */
function progressReporting(ctx: JourneyContext, messagePublishes: boolean, firstToBeAccepted: boolean): Pick<DeliveryAttemptInput, 'reportProgress' | 'publishProgress' | 'announceAcceptance'> {
  if (!messagePublishes) return { reportProgress: true };
  return { reportProgress: false, publishProgress: true, ...(firstToBeAccepted ? { announceAcceptance: { source: ctx.input.source ?? {} } } : {}) };
}

async function forwardingCancel(ctx: JourneyContext, child: { result(): Promise<DeliveryAttemptResult>; signal: (def: typeof stopDelivery, arg: { reason: string }) => Promise<void> }): Promise<DeliveryAttemptResult> {
  const watcher = new CancellationScope();
  const watching = watcher.run(() => condition(() => ctx.state.cancel !== undefined))
    .then(() => child.signal(stopDelivery, { reason: 'journey-cancelled' }))
    .catch(() => undefined); // watcher cancelled, or the child already closed: nothing to stop
  try {
    return await child.result();
  } finally {
    watcher.cancel();
    await watching;
  }
}
