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

/** `webhook-<subscription>-<event type>-<digest>`: readable by an operator, and the webhook-id is derivable from it. */
export function webhookDeliveryWorkflowId(key: DeliveryKey): string {
  return `${WEBHOOK_DELIVERY_PREFIX}${key.subscriptionId}-${key.eventType}-${keyDigest(key)}`;
}

/** The event type and webhook-id a delivery workflow id names (undefined for an id not made here). */
export function parseDeliveryWorkflowId(workflowId: string): { readonly eventType: string; readonly webhookId: string } | undefined {
  const match = /-([a-z]+\.[a-z]+)-([a-z2-7]{32})$/.exec(workflowId);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { eventType: match[1], webhookId: `msg_${match[2]}` };
}

/** The Standard Webhooks `webhook-id`: `msg_` + the delivery's digest. */
export function webhookMessageId(key: DeliveryKey): string {
  return `msg_${keyDigest(key)}`;
}
