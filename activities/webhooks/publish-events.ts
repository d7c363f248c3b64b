/**
 * Publishing: one event becomes one delivery workflow per matching, enabled subscription. Starting is the
 * whole of it (milliseconds, whatever the receivers are doing), and a repeat start of the same delivery finds
 * the existing one, so a retried activity, a replayed journey or a second switch call never delivers twice.
 */
import { journeyEventBody, sendingSwitchBody, type JourneyEvent, type SendingSwitchEvent, type WebhookBody } from '../../src/domain/webhooks/events';
import { webhookDeliveryWorkflowId, webhookMessageId, type DeliveryKey } from '../../src/domain/webhooks/delivery-ids';
import { subscriptionMatches } from '../../src/domain/webhooks/subscription';
import type { WebhookDeliveryPolicy } from '../../workflows/webhooks/webhook-contract';
import type { DeliveryStarter, WebhookSubscriptionReader } from '../../src/webhooks/webhook-ports';

export interface PublisherPorts {
  readonly subscriptions: WebhookSubscriptionReader;
  readonly starter: DeliveryStarter;
  readonly policy: WebhookDeliveryPolicy;
}

interface Publication {
  readonly body: WebhookBody;
  readonly subject: string;
  readonly occurrence: string;
  readonly journey?: { readonly journeyType: string; readonly requestedBy?: string };
}

/** Starts the deliveries; returns how many were new. */
async function publish(ports: PublisherPorts, publications: readonly Publication[]): Promise<number> {
  if (publications.length === 0) return 0;
  const entries = (await ports.subscriptions.list()).filter((entry) => entry.disabled === undefined);
  const starts = publications.flatMap((p) => entries
    .filter(({ subscription }) => subscriptionMatches(subscription, p.body.type, p.journey))
    .map(({ subscription }) => {
      const key: DeliveryKey = { subscriptionId: subscription.id, subject: p.subject, eventType: p.body.type, occurrence: p.occurrence };
      return ports.starter.start(webhookDeliveryWorkflowId(key), {
        subscriptionId: subscription.id, registryWorkflowId: ports.starter.registryWorkflowId, eventType: p.body.type,
        messageId: webhookMessageId(key), body: JSON.stringify(p.body), policy: ports.policy,
      });
    }));
  return (await Promise.all(starts)).filter((started) => started === 'started').length;
}

export function publishJourneyEvents(ports: PublisherPorts, events: readonly JourneyEvent[]): Promise<number> {
  return publish(ports, events.map((event) => ({
    body: journeyEventBody(event), subject: event.journeyId, occurrence: String(event.occurrence),
    journey: { journeyType: event.journeyType, ...(event.source.requestedBy === undefined ? {} : { requestedBy: event.source.requestedBy }) },
  })));
}

/** For the operating switch: the control workflow calls it for each pause or resume; the change id makes a repeat harmless. */
export function publishSendingSwitchEvent(ports: PublisherPorts, event: SendingSwitchEvent): Promise<number> {
  return publish(ports, [{ body: sendingSwitchBody(event), subject: 'sending', occurrence: event.switchChangeId }]);
}
