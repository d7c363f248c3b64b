/**
 * One journey step's message: send it, wait for NHS Notify's terminal status, reconcile, report.
 *
 * - The status handler is registered before the first await and folds every event into the domain's
 *   monotone projection, so a callback that arrives before (or while) the wait starts is never lost, and
 *   duplicates or stale callbacks change nothing (R14).
 * - The send activity gets the messageReference as an argument: every retry, worker restart and replay
 *   sends the same reference, and NHS Notify's 422 duplicate turns a re-send into "accepted earlier" (R1, R6).
 * - On a journey cancel (`stopDelivery`) nothing new is sent; an attempt already in flight finishes and is
 *   recorded (C2).
 */
import {
  ActivityCancellationType, condition, getExternalWorkflowHandle, proxyActivities, setHandler, upsertMemo, workflowInfo,
} from '@temporalio/workflow';
import type { NotifyActivities } from '../../activities/notify/notify.activities';
import type { SendMessageResult } from '../../activities/notify/send-contract';
import { applyStatusEvent } from '../../src/domain/status/apply-status-event';
import { callbackWaitUntil } from '../../src/domain/planning/journey-window';
import { acceptedEvent, emptyMessageState, isTerminal, type MessageState } from '../../src/domain/status/message-state';
import type { NotifyStatusEvent } from '../../src/domain/status/status-event';
import { failureCode } from '../common/failures';
import { recordAcceptedToTerminal } from '../common/journey-metrics';
import { runUnlessStopped } from '../common/interruptible';
import { upsertJourneyAttributes } from '../common/search-attributes';
import {
  DELIVERY_MEMO_KEY, deliveryProgress, deliveryState, notifyStatus, stopDelivery,
  type DeliveryAttemptInput, type DeliveryProgress, type DeliveryAttemptResult, type DeliveryOutcomeKind, type DeliveryView,
} from './delivery-contract';
import { reconcileStatus } from './reconcile';
import { announceAccepted } from './acceptance-announcement';

export async function deliveryAttemptWorkflow(input: DeliveryAttemptInput): Promise<DeliveryAttemptResult> {
  let state: MessageState = emptyMessageState(input.messageReference);
  let phase: DeliveryView['phase'] = 'sending';
  const sending: { result?: SendMessageResult } = {};
  let stopped = false;
  const apply = (event: NotifyStatusEvent) => {
    state = applyStatusEvent(state, event).state;
  };
  setHandler(notifyStatus, apply);
  setHandler(stopDelivery, () => {
    stopped = true;
  });
  setHandler(deliveryState, (): DeliveryView => ({
    stepId: input.stepId, channel: input.channel, messageReference: input.messageReference, phase, state,
    ...(sending.result === undefined ? {} : { send: sending.result }),
  }));

  const finish = (outcome: DeliveryOutcomeKind, extra: { failureCode?: string } = {}): DeliveryAttemptResult => {
    phase = 'finished';
    if (sending.result !== undefined && (outcome === 'delivered' || outcome === 'failed' || outcome === 'timed_out')) {
      recordAcceptedToTerminal(input.channel, outcome, Date.now() - Date.parse(sending.result.acceptedAt));
    }
    return {
      stepId: input.stepId, channel: input.channel, messageReference: input.messageReference, outcome,
      sent: sending.result !== undefined, state, finishedAt: Date.now(), ...(sending.result === undefined ? {} : { send: sending.result }), ...extra,
    };
  };

  const { sendMessage } = proxyActivities<NotifyActivities>({
    summary: `send ${input.channel} (${input.stepId})`,
    startToCloseTimeout: input.sendPolicy.startToCloseMs,
    scheduleToCloseTimeout: input.sendPolicy.scheduleToCloseMs,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: input.sendPolicy.initialIntervalMs, maximumInterval: input.sendPolicy.maximumIntervalMs,
      backoffCoefficient: 2, maximumAttempts: input.sendPolicy.maximumAttempts,
    },
  });

  let sent: SendMessageResult | 'stopped';
  try {
    sent = await runUnlessStopped(() => sendMessage({
      messageReference: input.messageReference, channel: input.channel, journeyType: input.journeyType, routingPlan: input.routingPlan,
      recipient: input.recipient, personalisation: input.personalisation,
      ...(input.odsCode === undefined ? {} : { odsCode: input.odsCode }),
    }), () => stopped);
  } catch (error) {
    return finish('send_failed', { failureCode: failureCode(error, 'SEND_FAILED') });
  }
  if (sent === 'stopped') return finish('stopped');
  sending.result = sent;
  if (sent.accepted === 'now' && sent.routingPlan.version !== undefined) {
    apply(acceptedEvent({
      messageId: sent.messageId, messageReference: input.messageReference, createdAt: Date.parse(sent.acceptedAt),
      routingPlan: { id: sent.routingPlan.id, version: sent.routingPlan.version },
    }));
  }
  const tellsProgress = input.reportProgress || input.publishProgress === true;
  if (tellsProgress) await reportAccepted(input, sent);

  phase = 'awaiting-status';
  let reportedId = state.messageId !== undefined;
  const idLearned = () => !reportedId && state.messageId !== undefined;
  const deadline = callbackWaitUntil(Date.now(), input);
  // Wake for a terminal status, a stop, or (once) to tell the parent the id a callback taught us (R6).
  for (;;) {
    const remaining = deadline - Date.now();
    const woke = remaining > 0 && await condition(() => isTerminal(state) || stopped || (tellsProgress && idLearned()), remaining);
    if (woke && !isTerminal(state) && !stopped && idLearned()) {
      reportedId = true;
      await reportAccepted(input, sent, state.messageId);
      continue;
    }
    break;
  }
  if (!isTerminal(state) && !stopped && state.messageId !== undefined) {
    phase = 'reconciling';
    const event = await reconcileStatus(state.messageId);
    if (event !== undefined) apply(event);
  }
  if (state.status === 'delivered') return finish('delivered');
  if (state.status === 'failed') return finish('failed', state.failureCode === undefined ? {} : { failureCode: state.failureCode });
  return finish(stopped ? 'stopped' : 'timed_out');
}

/**
 * NHS Notify has the message: published on this workflow, and announced as `journey.accepted` if the journey asked
 * (no task anywhere else), or signalled to the parent (older journeys).
 */
async function reportAccepted(input: DeliveryAttemptInput, sent: SendMessageResult, learnedId?: string): Promise<void> {
  const messageId = learnedId ?? (sent.accepted === 'now' ? sent.messageId : undefined);
  const progress: DeliveryProgress = {
    stepId: input.stepId, messageReference: input.messageReference, accepted: sent.accepted,
    routingPlan: sent.routingPlan, acceptedAt: sent.acceptedAt, ...(messageId === undefined ? {} : { messageId }),
  };
  if (input.publishProgress === true) {
    if (messageId !== undefined) upsertJourneyAttributes({ messageId });
    upsertMemo({ [DELIVERY_MEMO_KEY]: progress });
    // Once: the first report is the acceptance; a later one only adds the id a callback taught us.
    if (input.announceAcceptance !== undefined && learnedId === undefined) {
      await announceAccepted({ journeyId: input.journeyId, journeyType: input.journeyType, channel: input.channel, source: input.announceAcceptance.source }, progress);
    }
    return;
  }
  const parent = workflowInfo().parent;
  if (parent === undefined) return;
  await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(deliveryProgress, progress);
}
