/**
 * The webhook activities:
 * - publishWebhookEvents: the journey's one call at an outcome; starts the deliveries (publish-events.ts).
 * - publishSendingSwitch: the control workflow's call when a pause or resume changed the switch.
 * - deliverWebhook: one attempt of one delivery. It reads the subscription afresh (a deleted or disabled one
 *   is skipped; rotated secrets sign the retry), signs with every live secret at the attempt's time, POSTs,
 *   and turns the outcome into Temporal's retry decision: the next delay is max(Retry-After, jittered
 *   exponential backoff); past the window, or on a 410, the failure is final and names the last error.
 * Logs carry the subscription id, event type, attempt and codes: never a body, URL, secret or signature.
 */
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { JourneyEvent, SendingSwitchEvent } from '../../src/domain/webhooks/events';
import type { Logger } from '../../src/observability/logger';
import type { WebhookHttp } from '../../src/webhooks/post-webhook';
import { signWebhook } from '../../src/webhooks/signing';
import { backoffDelayMs } from '../notify/notify-failure';
import { WEBHOOK_GONE, type WebhookAttemptReport, type WebhookDeliveryInput } from '../../workflows/webhooks/webhook-contract';
import { publishJourneyEvents, publishSendingSwitchEvent, type PublisherPorts } from './publish-events';

export interface WebhookActivityPorts extends PublisherPorts {
  readonly http: WebhookHttp;
  readonly logger: Logger;
  readonly random?: () => number;
}

export function createWebhookActivities(ports: WebhookActivityPorts) {
  const random = ports.random ?? Math.random;
  return {
    async publishWebhookEvents(events: readonly JourneyEvent[]): Promise<number> {
      return publishJourneyEvents(ports, events);
    },

    async publishSendingSwitch(event: SendingSwitchEvent): Promise<number> {
      return publishSendingSwitchEvent(ports, event);
    },

    async deliverWebhook(input: WebhookDeliveryInput): Promise<WebhookAttemptReport> {
      const { attempt, scheduledTimestampMs } = activityInfo();
      const entry = (await ports.subscriptions.list()).find((e) => e.subscription.id === input.subscriptionId);
      const log = { subscriptionId: input.subscriptionId, eventType: input.eventType, attempt };
      if (entry === undefined || entry.disabled !== undefined) {
        ports.logger.info({ ...log, reason: entry === undefined ? 'deleted' : 'disabled' }, 'webhook skipped');
        return { status: 'skipped', attempts: attempt, lastErrorCode: entry === undefined ? 'WEBHOOK_SUBSCRIPTION_DELETED' : 'WEBHOOK_SUBSCRIPTION_DISABLED' };
      }
      const headers = signWebhook(entry.subscription.secrets, input.messageId, new Date(), input.body);
      const outcome = await ports.http.post(entry.subscription.url, headers, input.body);
      if (outcome.kind === 'delivered') {
        ports.logger.info({ ...log, status: outcome.status }, 'webhook delivered');
        return { status: 'delivered', attempts: attempt, httpStatus: outcome.status };
      }
      if (outcome.kind === 'gone') {
        ports.logger.warn(log, 'webhook receiver answered 410: disabling the subscription');
        throw ApplicationFailure.create({ message: 'the receiver answered 410 Gone', type: WEBHOOK_GONE, nonRetryable: true, details: [{ attempt }] });
      }
      const delay = Math.max(outcome.retryAfterMs ?? 0, backoffDelayMs(attempt, { initialMs: input.policy.initialIntervalMs, maxMs: input.policy.maximumIntervalMs }, random));
      const final = outcome.code === 'WEBHOOK_ADDRESS_REFUSED' || Date.now() + delay > scheduledTimestampMs + input.policy.windowMs;
      ports.logger.warn({ ...log, code: outcome.code, final, delayMs: final ? undefined : delay }, 'webhook attempt failed');
      throw ApplicationFailure.create({
        message: `webhook attempt failed (${outcome.code})`, type: outcome.code, nonRetryable: final, details: [{ attempt }],
        ...(final ? {} : { nextRetryDelay: delay }),
      });
    },
  };
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;
