/**
 * Delivers one signed event to one subscription, at least once. The attempt is an activity retried by
 * Temporal over the window (bounded exponential backoff with jitter, never sooner than Retry-After: the
 * activity sets each retry's delay), so the journey that published the event never waits for a receiver.
 * A 410 disables the subscription in the registry. Status, attempts and last error code are readable from
 * Temporal: a pending activity's attempt and last failure while running, this result once closed.
 */
import { ActivityFailure, ApplicationFailure, getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { WebhookActivities } from '../../activities/webhooks/webhook.activities';
import {
  disableWebhookSubscription, WEBHOOK_GONE, type WebhookDeliveryInput, type WebhookDeliveryResult,
} from './webhook-contract';

/** Time past the window for the last attempt to finish before Temporal's own backstop fires. */
const BACKSTOP_MARGIN_MS = 60_000;

export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<WebhookDeliveryResult> {
  const { policy } = input;
  const { deliverWebhook } = proxyActivities<WebhookActivities>({
    summary: `webhook ${input.eventType}`,
    startToCloseTimeout: policy.attemptTimeoutMs + 5_000,
    scheduleToCloseTimeout: policy.windowMs + policy.attemptTimeoutMs + BACKSTOP_MARGIN_MS,
    retry: { initialInterval: policy.initialIntervalMs, maximumInterval: policy.maximumIntervalMs, backoffCoefficient: 2 },
  });
  const identity = { eventType: input.eventType, messageId: input.messageId };
  try {
    return { ...identity, ...(await deliverWebhook(input)) };
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    const code = cause instanceof ApplicationFailure ? cause.type ?? 'WEBHOOK_FAILED' : 'WEBHOOK_WINDOW_EXPIRED';
    const attempts = cause instanceof ApplicationFailure ? attemptOf(cause.details ?? undefined) : undefined;
    if (code === WEBHOOK_GONE) {
      await getExternalWorkflowHandle(input.registryWorkflowId).signal(disableWebhookSubscription, { id: input.subscriptionId, reason: 'receiver_gone' })
        .catch(() => undefined); // no registry to tell (it was reset): the 410 is still recorded here
      return { ...identity, status: 'gone', attempts: attempts ?? 1, lastErrorCode: code, httpStatus: 410 };
    }
    return { ...identity, status: 'failed', attempts: attempts ?? 0, lastErrorCode: code };
  }
}

function attemptOf(details: readonly unknown[] | undefined): number | undefined {
  const first = details?.[0] as { attempt?: unknown } | undefined;
  return typeof first?.attempt === 'number' ? first.attempt : undefined;
}
