/**
 * The contract of the two webhook workflows, for the workflows, the activities and the Temporal adapter:
 * - `webhookRegistryWorkflow` (one long-running execution): the subscriptions made through the API, and which
 *   subscriptions (config ones too) a receiver's 410 disabled. Durable in Temporal, encrypted by the codec.
 * - `webhookDeliveryWorkflow` (one per event and subscription): delivers one signed event, retrying over the
 *   window. Its Workflow ID is src/domain/webhooks/delivery-ids.ts's, so a repeated publish is a no-op.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { WebhookSubscription } from '../../src/domain/webhooks/subscription';

export interface RegistryState {
  readonly subscriptions: readonly WebhookSubscription[];
  readonly disabled: Readonly<Record<string, { readonly reason: string; readonly at: string }>>;
}

export const addWebhookSubscription = defineUpdate<WebhookSubscription, [WebhookSubscription]>('addWebhookSubscription');
/** Answers whether there was one to remove. */
export const removeWebhookSubscription = defineUpdate<boolean, [{ readonly id: string }]>('removeWebhookSubscription');
/** Replaces an API subscription's live secrets (rotation: new first, the previous kept until retired). */
export const setWebhookSecrets = defineUpdate<boolean, [{ readonly id: string; readonly secrets: readonly string[] }]>('setWebhookSecrets');
export const disableWebhookSubscription = defineSignal<[{ readonly id: string; readonly reason: string }]>('disableWebhookSubscription');
export const webhookRegistryState = defineQuery<RegistryState>('webhookRegistryState');

/** Retry bounds of one delivery: every duration is an input, so tests run it on compressed time. */
export interface WebhookDeliveryPolicy {
  /** Keep retrying for this long after the first attempt (default 24 h). */
  readonly windowMs: number;
  /** One attempt, connect to last byte (a hanging receiver is cut off here). */
  readonly attemptTimeoutMs: number;
  readonly initialIntervalMs: number;
  readonly maximumIntervalMs: number;
}

export const DEFAULT_WEBHOOK_POLICY: WebhookDeliveryPolicy = {
  windowMs: 24 * 60 * 60_000, attemptTimeoutMs: 10_000, initialIntervalMs: 5_000, maximumIntervalMs: 60 * 60_000,
};

export interface WebhookDeliveryInput {
  readonly subscriptionId: string;
  readonly registryWorkflowId: string;
  readonly eventType: string;
  /** The `webhook-id`: the same on every attempt. */
  readonly messageId: string;
  /** The JSON body, serialised once so every attempt sends the same bytes. */
  readonly body: string;
  readonly policy: WebhookDeliveryPolicy;
}

/** delivered: a 2xx. gone: a 410 (the subscription is now disabled). skipped: deleted or disabled before sending. failed: the window ran out. */
export type WebhookDeliveryStatus = 'delivered' | 'gone' | 'skipped' | 'failed';

export interface WebhookAttemptReport {
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly lastErrorCode?: string;
  readonly httpStatus?: number;
}

export type WebhookDeliveryResult = WebhookAttemptReport & { readonly eventType: string; readonly messageId: string };

/** Error types of the delivery activity: the final failure names the last error; these never retry. */
export const WEBHOOK_GONE = 'WEBHOOK_GONE';
