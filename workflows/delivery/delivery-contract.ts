/**
 * The contract of `deliveryAttemptWorkflow`: one journey step's message, from send to a terminal status.
 * Its Workflow ID is `notify-message-<messageReference>`, so the callback gateway signals it directly by the
 * messageReference every callback carries: no lookup, no visibility race.
 * Imported by the workflows, the Temporal adapter (signals, queries) and tests: definitions and types only.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SendMessageResult, SendRecipient } from '../../activities/notify/send-contract';
import type { Channel } from '../../src/domain/channel';
import type { TemplateRef } from '../../src/domain/journeys/types';
import type { RoutingPlanName } from '../../src/domain/routing-plans';
import type { JourneySource } from '../../src/domain/webhooks/events';
import type { MessageState } from '../../src/domain/status/message-state';
import type { NotifyStatusEvent } from '../../src/domain/status/status-event';

export const DELIVERY_WORKFLOW_ID_PREFIX = 'notify-message-';

export function deliveryWorkflowId(messageReference: string): string {
  return `${DELIVERY_WORKFLOW_ID_PREFIX}${messageReference}`;
}

/** Retry bounds of the send activity (R7, R17): all durations are inputs. */
export interface SendPolicy {
  /** One attempt; longer than the client's own request timeouts so the client's typed error wins. */
  readonly startToCloseMs: number;
  /** Every attempt together: after this the step fails and the journey takes its fallback. */
  readonly scheduleToCloseMs: number;
  readonly maximumAttempts: number;
  readonly initialIntervalMs: number;
  readonly maximumIntervalMs: number;
}

/** startToClose is above the NHS Notify client's own 45 s overall deadline, so its typed error arrives first. */
export const DEFAULT_SEND_POLICY: SendPolicy = {
  startToCloseMs: 60_000, scheduleToCloseMs: 60 * 60_000, maximumAttempts: 12, initialIntervalMs: 1_000, maximumIntervalMs: 5 * 60_000,
};

export interface DeliveryAttemptInput {
  readonly journeyId: string;
  readonly journeyType: string;
  readonly stepId: string;
  readonly channel: Channel;
  readonly messageReference: string;
  readonly routingPlan: RoutingPlanName;
  readonly template: TemplateRef;
  readonly recipient: SendRecipient;
  readonly personalisation: Readonly<Record<string, string>>;
  readonly odsCode?: string;
  /** Real milliseconds to wait for a terminal status after the send (the journey clock already applied). */
  readonly callbackTimeoutMs: number;
  readonly sendPolicy: SendPolicy;
  /** Whether the child tells its parent when NHS Notify accepted the message (the parent's timeline). */
  readonly reportProgress: boolean;
  /**
   * Instead of a signal to the parent: the child publishes its progress (the memo `delivery`, the NotifyMessageId
   * search attribute) for the API to read, and the parent learns it from the child's result. Set by journeys
   * since the patch `lean-publication`; the -v2 fixtures were recorded with it before webhooks.
   */
  readonly publishProgress?: boolean;
  /**
   * With publishProgress: the journey's first message to be accepted announces `journey.accepted` itself (the
   * journey would otherwise need the progress signal to announce it). Who started the journey, for the routing.
   */
  readonly announceAcceptance?: { readonly source: JourneySource };
}

/** The memo key under which a child publishes its DeliveryProgress. */
export const DELIVERY_MEMO_KEY = 'delivery';

/**
 * delivered / failed: NHS Notify's terminal status. timed_out: none arrived in time (after reconciling).
 * send_failed: NHS Notify refused the message or kept failing (failureCode says why).
 * stopped: the journey was cancelled; `sent` says whether a message had already gone.
 */
export type DeliveryOutcomeKind = 'delivered' | 'failed' | 'timed_out' | 'send_failed' | 'stopped';

export interface DeliveryAttemptResult {
  readonly stepId: string;
  readonly channel: Channel;
  readonly messageReference: string;
  readonly outcome: DeliveryOutcomeKind;
  readonly sent: boolean;
  readonly send?: SendMessageResult;
  /** A NotifyErrorCode for send_failed; NHS Notify's failure reason code for failed. */
  readonly failureCode?: string;
  readonly state: MessageState;
  /** When the child finished (ms since the epoch, workflow time). */
  readonly finishedAt: number;
}

/** What the child tells the parent as soon as NHS Notify has the message. */
export interface DeliveryProgress {
  readonly stepId: string;
  readonly messageReference: string;
  readonly accepted: 'now' | 'earlier';
  readonly messageId?: string;
  readonly routingPlan: { readonly id: string; readonly version?: string };
  readonly acceptedAt: string;
}

export interface DeliveryView {
  readonly stepId: string;
  readonly channel: Channel;
  readonly messageReference: string;
  readonly phase: 'sending' | 'awaiting-status' | 'reconciling' | 'finished';
  readonly send?: SendMessageResult;
  readonly state: MessageState;
}

/** A verified NHS Notify status callback for this message (sent by the gateway's CallbackSink). */
export const notifyStatus = defineSignal<[NotifyStatusEvent]>('notifyStatus');
/** The journey was cancelled: send nothing new; stop waiting. */
export const stopDelivery = defineSignal<[{ readonly reason: string }]>('stopDelivery');
/** Child → parent: the message was accepted (and its id, if known). */
export const deliveryProgress = defineSignal<[DeliveryProgress]>('deliveryProgress');
export const deliveryState = defineQuery<DeliveryView>('deliveryState');
