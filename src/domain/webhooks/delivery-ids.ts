/**
 * The identity of one delivery: one event to one subscription. The delivery workflow's ID is derived from
 * (subscription, journey, event type, occurrence), so a retried or replayed publish finds the delivery already
 * started and never makes a second one; the `webhook-id` header is derived from the same key, so every attempt
 * of one delivery carries the same id and a receiver can dedupe on it.
 */
import { bytesToBase32, sha256Bytes } from '../hashing/digest';

export const WEBHOOK_DELIVERY_PREFIX = 'webhook-';

export interface DeliveryKey {
  readonly subscriptionId: string;
  /** The journey id, or `sending` for the operating switch's events. */
  readonly subject: string;
  readonly eventType: string;
  /** Tells apart events of one type on one subject (escalation number, switch change id). */
  readonly occurrence: string;
}

function keyDigest(key: DeliveryKey): string {
  return bytesToBase32(sha256Bytes([key.subscriptionId, key.subject, key.eventType, key.occurrence].join('\n'))).slice(0, 32);
}

/** `webhook-<subscription>-<digest>`: the subscription id leads so an operator can find its deliveries by eye. */
export function webhookDeliveryWorkflowId(key: DeliveryKey): string {
  return `${WEBHOOK_DELIVERY_PREFIX}${key.subscriptionId}-${keyDigest(key)}`;
}

/** The Standard Webhooks `webhook-id`: `msg_` + the delivery's digest. */
export function webhookMessageId(key: DeliveryKey): string {
  return `msg_${keyDigest(key)}`;
}
