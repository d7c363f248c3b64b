/**
 * `journey.accepted`: NHS Notify has the journey's first message. Announced by the message workflow the moment
 * the send is accepted, in the same workflow task (a local activity: no activity task, no extra workflow task),
 * so the journey needs no progress signal and no task of its own for it. Older journeys are signalled the
 * progress and announce it themselves (journey-handlers.ts); both build the event's data here.
 */
import { proxyLocalActivities } from '@temporalio/workflow';
import type { WebhookActivities } from '../../activities/webhooks/webhook.activities';
import type { JourneyEvent, JourneyEventData, JourneySource } from '../../src/domain/webhooks/events';
import type { DeliveryProgress } from './delivery-contract';

const { publishWebhookEvents } = proxyLocalActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  // As bounded as the journey's own webhook hand-over: the message's work matters more than the notification.
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export function acceptedEventData(progress: DeliveryProgress, channel: string): JourneyEventData {
  return {
    type: 'journey.accepted', stepId: progress.stepId, channel, acceptedAt: progress.acceptedAt,
    ...(progress.messageId === undefined ? {} : { messageId: progress.messageId }),
  };
}

interface AcceptedMessage {
  readonly journeyId: string;
  readonly journeyType: string;
  readonly channel: string;
  readonly source: JourneySource;
}

export async function announceAccepted(message: AcceptedMessage, progress: DeliveryProgress): Promise<void> {
  const event: JourneyEvent = {
    journeyId: message.journeyId, journeyType: message.journeyType, source: message.source, occurrence: 1,
    occurredAt: new Date().toISOString(), data: acceptedEventData(progress, message.channel),
  };
  try {
    await publishWebhookEvents([event]);
  } catch {
    // Publishing gave up (scheduleToClose): the failure is in the history; the message goes on.
  }
}
